// How hard each label is, in words and small curves: pure functions, drawn by views/labelDifficulty.ts on the Model tab.
import type { Feasibility, LabelAssessment } from "./api/client";
import { pathData, percent } from "./chart";

/** Labels before the Model tab says whether the task looks learnable (the server's LabelDifficulty.FeasibilityLabels). */
export const FEASIBILITY_LABELS = 20;

export const SPARK = { width: 120, height: 32, pad: 3 } as const;

/** A label's F1 curve as a sparkline: path data, and where its last point lands (null with no point). */
export function sparkline(points: readonly { labels: number; f1: number }[], box = SPARK): { d: string; last: { x: number; y: number } | null } {
  if (points.length === 0) return { d: "", last: null };
  const lo = points[0].labels;
  const hi = points[points.length - 1].labels;
  const xOf = (labels: number) => (hi === lo ? box.width / 2 : box.pad + ((labels - lo) / (hi - lo)) * (box.width - 2 * box.pad));
  const yOf = (f1: number) => box.height - box.pad - Math.min(1, Math.max(0, f1)) * (box.height - 2 * box.pad);
  const xy = points.map((p) => [xOf(p.labels), yOf(p.f1)] as const);
  const [x, y] = xy[xy.length - 1];
  return { d: points.length === 1 ? "" : pathData(xy), last: { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 } };
}

/** The curve in words, for those who cannot see it: "F1 from 40% (12 labels) to 90% (44 labels)". */
export function curveWords(points: readonly { labels: number; f1: number }[]): string {
  if (points.length === 0) return "No figures yet.";
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length === 1) return `F1 ${percent(last.f1)} with ${last.labels.toLocaleString()} labels.`;
  return `F1 from ${percent(first.f1)} with ${first.labels.toLocaleString()} labels to ${percent(last.f1)} with ${last.labels.toLocaleString()}.`;
}

/** Who the label is mixed up with, both ways, in words; null when the model never mixed it up (or cannot tell: multi-label, spans). */
export function partnerWords(label: LabelAssessment): string | null {
  const p = label.confusedWith;
  if (!p) return null;
  const documents = (n: number) => (n === 1 ? "1 document" : `${n.toLocaleString()} documents`);
  if (p.count === 0) {
    return `Mixed up most with “${p.label}”: ${documents(p.back)} labelled “${p.label}” ${p.back === 1 ? "was" : "were"} taken for “${label.label}”; none the other way.`;
  }
  const mine = `${p.count.toLocaleString()} of its ${documents(label.support)} ${p.count === 1 ? "was" : "were"} taken for “${p.label}” (${percent(p.share)})`;
  const back = p.back === 0 ? "; none the other way" : `, and ${documents(p.back)} labelled “${p.label}” for “${label.label}”`;
  return `Mixed up most with “${p.label}”: ${mine}${back}.`;
}

export const NOTE_TITLES: Record<string, string> = {
  "too-rare": "Too rare to learn",
  "consider-merging": "Hard to tell apart: consider merging",
  hard: "Hard for the model",
};

export const VERDICT_TITLES: Record<string, string> = {
  learnable: "The task looks learnable",
  unclear: "Too early to say",
  "not-yet": "Not learnable yet",
};

/** What the feasibility paragraph says before its first verdict. */
export function feasibilityWaiting(labels: number): string {
  return `After about ${FEASIBILITY_LABELS} labelled documents this says whether the task looks learnable and which labels hold it back; ${labels.toLocaleString()} so far.`;
}

/** The verdict's headline, with the model's accuracy against guessing the most common label. */
export function verdictTitle(feasibility: Feasibility): string {
  return VERDICT_TITLES[feasibility.verdict] ?? feasibility.verdict;
}

export interface TaxonomyLink {
  href: string;
  text: string;
}

/**
 * Where a note's advice is done: Settings → Labels with the merge (of `merge` into `into`) or the split of the label
 * open. Null when the note asks for nothing there or a name is no longer a label (renamed or merged since).
 */
export function taxonomyLink(projectId: number, label: LabelAssessment, labels: readonly { id: number; name: string }[]): TaxonomyLink | null {
  const note = label.note;
  if (!note) return null;
  const id = (name: string | null | undefined) => (name == null ? undefined : labels.find((l) => l.name === name)?.id);
  const base = `#/projects/${projectId}/settings`;
  if (note.kind === "hard") {
    const self = id(label.label);
    return self === undefined ? null : { href: `${base}?split=${self}`, text: `Split “${label.label}”…` };
  }
  const merge = id(note.merge ?? label.label);
  if (merge === undefined) return null;
  const into = id(note.into);
  if (note.into && into !== undefined) return { href: `${base}?merge=${merge}&into=${into}`, text: `Merge “${note.merge ?? label.label}” into “${note.into}”…` };
  return { href: `${base}?merge=${merge}`, text: `Merge “${label.label}” into another label…` };
}

/** A merge or split asked for by the Settings address (from the Model tab's links); null when none or malformed. */
export function taxonomyRequest(query: URLSearchParams): { action: "merge"; label: number; into: number | null } | { action: "split"; label: number } | null {
  const number = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);
  const merge = number(query.get("merge"));
  if (merge !== null) return { action: "merge", label: merge, into: number(query.get("into")) };
  const split = number(query.get("split"));
  return split === null ? null : { action: "split", label: split };
}
