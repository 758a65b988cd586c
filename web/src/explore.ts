// The Explore tab's pure rules: how the map colours its points and says so in words, what a selection holds, which
// groups no label covers, and the sentences a person with no background in machine learning reads. No DOM here.
import type { Cluster, ExploreStatus, MapPage, MapPoint } from "./api/explore";

/** The map's points come in pages of this many (the API's largest page). */
export const MAP_PAGE_SIZE = 20000;
/** The API takes at most this many documents in one focus or one bulk answer. */
export const MAX_AT_ONCE = 5000;
/** Group counts the API accepts. */
export const MIN_K = 2;
export const MAX_K = 50;
/** How often a map still being made is asked about again, in milliseconds. */
export const POLL_MS = 2000;

export type ColourMode = "answer" | "prediction" | "confidence" | "cluster";

export const COLOUR_MODES: readonly { mode: ColourMode; title: string }[] = [
  { mode: "answer", title: "Answers" },
  { mode: "prediction", title: "The model's guesses" },
  { mode: "confidence", title: "How sure the model is" },
  { mode: "cluster", title: "Groups" },
];

/** The colour of points without an answer or a guess. */
export const NONE_COLOUR = "#b4bac4";
/** Points already answered, when colouring by how sure the model is. */
export const ANSWERED_COLOUR = "#d08a16";

/** Colours for labels without a valid colour of their own, and for groups. */
export const PALETTE = [
  "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#ff7f0e", "#3b5b92", "#7f3c8d", "#11a579",
];

/** The confidence ramp: pale (the model is unsure) to dark (it is sure), in five steps. */
export const CONFIDENCE_STEPS = 5;
const PALE = [0xdb, 0xe4, 0xf5];
const DARK = [0x12, 0x2f, 0x7a];

const hex = (rgb: readonly number[]): string => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** The ramp's colour for step `i` of CONFIDENCE_STEPS (0: palest). */
export function rampColour(i: number): string {
  const t = i / (CONFIDENCE_STEPS - 1);
  return hex(PALE.map((p, c) => p + (DARK[c] - p) * t));
}

/**
 * How sure a guess is, from 0 (no better than picking one of `labels` labels at random) to 1 (certain): with two
 * labels a probability of 0.5 is a coin toss, not half sure.
 */
export function sureness(confidence: number, labels: number): number {
  const chance = labels > 1 ? 1 / labels : 0;
  return Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)));
}

/** The step a sureness falls in (0 … CONFIDENCE_STEPS − 1). */
export function confidenceStep(sure: number): number {
  const clamped = Math.min(1, Math.max(0, sure));
  return Math.min(CONFIDENCE_STEPS - 1, Math.floor(clamped * CONFIDENCE_STEPS));
}

const VALID_COLOUR = /^#[0-9a-f]{6}$/i;

/** Each label's colour: its own when valid, else one from the palette (in the labels' order). */
export function labelColours(labels: readonly { name: string; color?: string | null }[]): Map<string, string> {
  return new Map(labels.map((l, i) => [l.name, l.color && VALID_COLOUR.test(l.color) ? l.color : PALETTE[i % PALETTE.length]]));
}

/** One line of the legend: a colour, what it means, how many points have it. */
export interface LegendEntry {
  colour: string;
  words: string;
  count: number;
}

/** What the map draws for a colouring: each point's category, the colour of each category, and the legend. */
export interface Colouring {
  /** Per point, an index into `palette`. */
  categories: Float32Array;
  palette: string[];
  legend: LegendEntry[];
  /** A sentence over the legend saying how to read it. */
  explain: string;
}

/** How the map colours `points` in `mode`. */
export function colouring(points: readonly MapPoint[], mode: ColourMode, labels: readonly { name: string; color?: string | null }[], groups: number): Colouring {
  const categories = new Float32Array(points.length);
  if (mode === "confidence") {
    const palette = [...Array.from({ length: CONFIDENCE_STEPS }, (_, i) => rampColour(i)), NONE_COLOUR, ANSWERED_COLOUR];
    const counts = new Array<number>(palette.length).fill(0);
    points.forEach((p, i) => {
      const c = p.answer !== null ? CONFIDENCE_STEPS + 1 : p.confidence === null ? CONFIDENCE_STEPS : confidenceStep(sureness(p.confidence, labels.length));
      categories[i] = c;
      counts[c] += 1;
    });
    const legend: LegendEntry[] = [
      { colour: palette[0], words: "Pale: the model is unsure", count: counts[0] + counts[1] },
      { colour: palette[2], words: "Middle: fairly sure", count: counts[2] },
      { colour: palette[4], words: "Dark: the model is sure", count: counts[3] + counts[4] },
      { colour: NONE_COLOUR, words: "Grey: no guess yet", count: counts[CONFIDENCE_STEPS] },
      { colour: ANSWERED_COLOUR, words: "Orange: already labelled", count: counts[CONFIDENCE_STEPS + 1] },
    ];
    return {
      categories, palette, legend: legend.filter((l) => l.count > 0),
      explain: "The darker a dot, the surer the model is of its guess. Pale dots are where a label from you teaches it most.",
    };
  }
  if (mode === "cluster") {
    const n = Math.max(1, groups, ...points.map((p) => p.cluster + 1));
    const palette = Array.from({ length: n }, (_, i) => PALETTE[i % PALETTE.length]);
    const counts = new Array<number>(n).fill(0);
    points.forEach((p, i) => {
      const c = p.cluster >= 0 && p.cluster < n ? p.cluster : 0;
      categories[i] = c;
      counts[c] += 1;
    });
    return {
      categories, palette,
      legend: counts.map((count, i) => ({ colour: palette[i], words: `Group ${i + 1}`, count })).filter((l) => l.count > 0),
      explain: "Each colour is a group of documents that read alike. Nobody has named the groups: the list beside the map describes them.",
    };
  }
  const colours = labelColours(labels);
  const names = [...colours.keys()];
  const index = new Map(names.map((n, i) => [n, i]));
  const palette = [...colours.values(), NONE_COLOUR];
  const none = palette.length - 1;
  const counts = new Array<number>(palette.length).fill(0);
  points.forEach((p, i) => {
    const name = mode === "answer" ? p.answer : p.prediction ?? p.answer;
    const c = name === null ? none : index.get(name) ?? none;
    categories[i] = c;
    counts[c] += 1;
  });
  const legend = names.map((name, i) => ({ colour: palette[i], words: name, count: counts[i] }));
  legend.push({ colour: NONE_COLOUR, words: mode === "answer" ? "Not labelled yet" : "No guess yet", count: counts[none] });
  return {
    categories, palette, legend: legend.filter((l) => l.count > 0),
    explain: mode === "answer"
      ? "Each dot is a document, coloured by its label. Documents that read alike sit close together."
      : "Each dot is coloured by the label the model would give it (labelled documents keep their label).",
  };
}

/** Each point's colour as red, green, blue and opacity bytes (what the map draws), from its category's colour. */
export function rgba(categories: ArrayLike<number>, palette: readonly string[]): Uint8Array {
  const rgb = palette.map((c) => VALID_COLOUR.test(c) ? [1, 3, 5].map((at) => parseInt(c.slice(at, at + 2), 16)) : [0x80, 0x80, 0x80]);
  const out = new Uint8Array(categories.length * 4);
  for (let i = 0; i < categories.length; i++) {
    const [r, g, b] = rgb[categories[i]] ?? [0x80, 0x80, 0x80];
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The whole map from its pages, or null while a page says it is not ready. Pages must share one version. */
export function joinPages(pages: readonly MapPage[]): MapPoint[] | null {
  if (pages.length === 0 || pages.some((p) => p.status !== "ready" || p.version !== pages[0].version)) return null;
  return pages.flatMap((p) => p.points);
}

/** How many pages hold `total` points. */
export function pageCount(total: number, pageSize = MAP_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** What a map or grouping still being made says, for the waiting message. */
export function waitingWords(status: ExploreStatus, message: string): string {
  const said = message.trim();
  if (said) return said;
  switch (status) {
    case "encoding": return "The documents are being read. The map appears as soon as that is done.";
    case "computing": return "The map is being drawn. This can take up to a minute for a large collection.";
    case "unavailable": return "The map is not available for this project.";
    default: return "";
  }
}

/** What a selection of points holds. */
export interface SelectionSummary {
  count: number;
  documentIds: number[];
  /** Labels by how many selected documents have them, most first. */
  labels: { name: string; count: number }[];
  unlabelled: number;
}

/** Summarises the selected points (indices into `points`). */
export function summarise(points: readonly MapPoint[], indices: readonly number[]): SelectionSummary {
  const counts = new Map<string, number>();
  let unlabelled = 0;
  const documentIds: number[] = [];
  for (const i of indices) {
    const p = points[i];
    if (!p) continue;
    documentIds.push(p.documentId);
    if (p.answer === null) unlabelled += 1;
    else counts.set(p.answer, (counts.get(p.answer) ?? 0) + 1);
  }
  const labels = [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { count: documentIds.length, documentIds, labels, unlabelled };
}

const n = (v: number) => v.toLocaleString();
const docs = (v: number) => `${n(v)} ${v === 1 ? "document" : "documents"}`;

/** "12 documents chosen: 5 “Sport”, 3 “Politics”, 4 not labelled yet." */
export function selectionWords(summary: SelectionSummary): string {
  if (summary.count === 0) return "Nothing chosen. Hold Shift and draw around some dots to choose them.";
  const parts = summary.labels.map((l) => `${n(l.count)} “${l.name}”`);
  if (summary.unlabelled) parts.push(summary.labels.length ? `${n(summary.unlabelled)} not labelled yet` : "none labelled yet");
  return `${docs(summary.count)} chosen: ${parts.join(", ")}.`;
}

/** The sentence that asks before labelling a selection in one go. */
export function bulkSentence(count: number, label: string): string {
  return `Label all ${docs(count)} “${label}”? Your own earlier answers for them are replaced; other people's answers stay as they are.`;
}

/** Why a selection cannot be sent as it is, or null. */
export function tooMany(count: number): string | null {
  return count > MAX_AT_ONCE ? `That is ${n(count)} documents; choose at most ${n(MAX_AT_ONCE)} to label them at once.` : null;
}

/** What a bulk answer did. */
export function bulkDone(recorded: number, unchanged: number, label: string): string {
  const did = recorded ? `Labelled ${docs(recorded)} “${label}”.` : "";
  const same = unchanged ? `${docs(unchanged)} already had that label from you.` : "";
  return [did, same].filter(Boolean).join(" ") || "Nothing changed.";
}

/** The share of a group's documents below which no label is taken to cover it. */
export const COVERED_SHARE = 0.02;

/** Whether no label covers a group (none of its documents, or almost none, is labelled). */
export function uncovered(cluster: Pick<Cluster, "size" | "labelled">): boolean {
  return cluster.labelled === 0 || cluster.labelled < cluster.size * COVERED_SHARE;
}

/** "12 of 40 labelled", or "None labelled yet". */
export function coverageWords(cluster: Pick<Cluster, "size" | "labelled">): string {
  if (cluster.labelled === 0) return "None labelled yet";
  return `${n(cluster.labelled)} of ${n(cluster.size)} labelled`;
}

/**
 * A group's segments for its labelled bar: each label's part of the labelled share (biggest first; with several
 * labels per document the labels split that share by their counts) and the unlabelled rest.
 */
export function coverageBar(cluster: Pick<Cluster, "size" | "labelCounts" | "labelled">): { label: string | null; count: number; share: number }[] {
  const size = Math.max(1, cluster.size);
  const labels = Object.entries(cluster.labelCounts).filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const votes = labels.reduce((a, [, c]) => a + c, 0);
  const labelledShare = Math.min(1, cluster.labelled / size);
  const segments: { label: string | null; count: number; share: number }[] =
    labels.map(([label, count]) => ({ label, count, share: votes ? (count / votes) * labelledShare : 0 }));
  const rest = Math.max(0, cluster.size - cluster.labelled);
  if (rest > 0) segments.push({ label: null, count: rest, share: rest / size });
  return segments;
}

/** A name for a new label from a group's distinctive terms ("court / judge"), at most 100 characters. */
export function nameFromTerms(terms: readonly string[], taken: readonly string[] = []): string {
  const words = terms.map((t) => t.trim()).filter(Boolean).slice(0, 2);
  let name = words.join(" / ").slice(0, 100) || "New label";
  const used = new Set(taken.map((t) => t.toLocaleLowerCase()));
  for (let i = 2; used.has(name.toLocaleLowerCase()); i++) name = `${words.join(" / ").slice(0, 90) || "New label"} ${i}`;
  return name;
}

/** The map's unlabelled documents in a group, in map order (what "Label some of these" puts first in the queue). */
export function unlabelledIn(points: readonly MapPoint[], cluster: number, limit = MAX_AT_ONCE): number[] {
  const ids: number[] = [];
  for (const p of points) {
    if (p.cluster === cluster && p.answer === null) {
      ids.push(p.documentId);
      if (ids.length >= limit) break;
    }
  }
  return ids;
}

/** The indices of the points in a group (to pick them out on the map). */
export function indicesIn(points: readonly MapPoint[], cluster: number): number[] {
  const out: number[] = [];
  points.forEach((p, i) => { if (p.cluster === cluster) out.push(i); });
  return out;
}

/** The k to ask for when a person wants more (+1) or fewer (−1) groups than `k`, or null past the limits. */
export function nextK(k: number, step: 1 | -1): number | null {
  const next = k + step;
  return next < MIN_K || next > MAX_K ? null : next;
}

/** "6 groups, chosen automatically", "7 groups, as you asked". */
export function groupsWords(k: number, automatic: boolean): string {
  return `${n(k)} ${k === 1 ? "group" : "groups"}, ${automatic ? "a number chosen automatically to fit the documents" : "as you asked"}.`;
}

/** The address of a new "reads like these" rule with these example documents (and the name, when given). */
export function similarRuleLink(projectId: number, documentIds: readonly number[], name?: string): string {
  const params = new URLSearchParams({ kind: "similar", documents: documentIds.join(",") });
  if (name) params.set("name", name);
  return `#/projects/${projectId}/rules/new?${params}`;
}

/** How alike a document is to the nearest labelled one, in words. */
export function similarityWords(similarity: number): string {
  const pct = Math.round(Math.max(0, Math.min(1, similarity)) * 100);
  return `${pct}% like the closest labelled document`;
}

/** A text cut to `max` characters at a word where possible, with an ellipsis. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
