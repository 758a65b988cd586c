// Labelling rules in plain words: what a rule matches, its figures, the terms typed into the editor, and the draft the
// editor sends. Pure: no fetch, no DOM.
import type { LabelModelFigures, Rule, RuleDraft, RulesAnalysis } from "./api/rules";

export const KINDS = ["keywords", "regex", "similar", "label-description", "metadata"] as const;
export type RuleKind = (typeof KINDS)[number];

export function isKind(value: string | null | undefined): value is RuleKind {
  return (KINDS as readonly string[]).includes(value ?? "");
}

/** Each kind's short name (the list's Kind column) and what it does, for the kind picker. */
export const KIND_WORDS: Record<RuleKind, { title: string; explain: string }> = {
  keywords: { title: "Words", explain: "Finds documents that contain some words or phrases." },
  regex: { title: "Pattern", explain: "Finds documents whose text matches a pattern (a regular expression), for numbers, dates or spellings words cannot catch." },
  similar: { title: "Like examples", explain: "Finds documents that read like examples you give: texts you paste or documents of the project." },
  "label-description": { title: "Like the label’s description", explain: "Finds documents that read like the description of the rule’s label." },
  metadata: { title: "Metadata", explain: "Finds documents whose metadata field has a value, for example source = helpdesk." },
};

export function kindTitle(kind: string): string {
  return isKind(kind) ? KIND_WORDS[kind].title : kind;
}

/** What the Rules tab says a rule is, before the table. */
export const RULES_EXPLAIN =
  "A rule labels many documents at once: when its words, pattern, examples or metadata match a document, it votes for " +
  "its label. Tagloop checks each rule against the documents people have already answered, so you can see how often it " +
  "is right before you rely on it.";

export const TERMS_HINT =
  "Whole words, whatever the case, unless you say otherwise. refund* finds words starting with “refund” (refunds, " +
  "refunded); *fund finds words ending with “fund”; *fund* finds “fund” anywhere in the text. Several words in a row " +
  "(money back) must appear together. Press Enter after each term; separate several with commas, and put a term that " +
  "holds a comma in quotes.";

export const MAX_TERMS = 500;
export const MAX_TERM_LENGTH = 200;
export const MAX_EXAMPLES = 50;
export const DEFAULT_THRESHOLD = 0.5;

/** How a keyword term matches: a whole word, several words in a row, or part of a word. */
export type TermShape = "word" | "phrase" | "prefix" | "suffix" | "substring";

/** A term's shape and the text it looks for (without its stars). */
export function termShape(term: string): { shape: TermShape; text: string } {
  const t = term.trim();
  const starts = t.length > 1 && t.startsWith("*");
  const ends = t.length > 1 && t.endsWith("*");
  const text = t.slice(starts ? 1 : 0, ends ? t.length - 1 : t.length);
  if (starts && ends) return { shape: "substring", text };
  if (ends) return { shape: "prefix", text };
  if (starts) return { shape: "suffix", text };
  return { shape: /\s/.test(t) ? "phrase" : "word", text };
}

/** What a term finds, in words: "words starting with “refund”". */
export function termWords(term: string): string {
  const { shape, text } = termShape(term);
  switch (shape) {
    case "prefix": return `words starting with “${text}”`;
    case "suffix": return `words ending with “${text}”`;
    case "substring": return `“${text}” anywhere in the text`;
    case "phrase": return `the words “${text}” in a row`;
    default: return `the word “${text}”`;
  }
}

/**
 * Terms as typed or pasted: separated by commas or line breaks; a term in double quotes keeps its commas
 * ("Smith, J."). Spaces around a term go, and runs of spaces inside it become one.
 */
export function parseTerms(text: string): string[] {
  const terms: string[] = [];
  let current = "";
  let quoted = false;
  const flush = () => {
    const term = current.replace(/\s+/g, " ").trim();
    if (term) terms.push(term);
    current = "";
  };
  for (const ch of text) {
    if (ch === "\"" || ch === "“" || ch === "”") quoted = ch === "\"" ? !quoted : ch === "“";
    else if (!quoted && (ch === "," || ch === "\n" || ch === "\r")) flush();
    else current += ch;
  }
  flush();
  return terms;
}

/** Why a term cannot be used, or null. */
export function termProblem(term: string): string | null {
  if (term.length > MAX_TERM_LENGTH) return `The term “${term.slice(0, 40)}…” has ${term.length.toLocaleString()} characters; at most ${MAX_TERM_LENGTH}.`;
  if (!/[^*\s]/.test(term)) return `“${term}” alone finds nothing: put letters with the star, such as refund*.`;
  const inner = term.slice(term.startsWith("*") ? 1 : 0, term.length > 1 && term.endsWith("*") ? -1 : undefined);
  if (inner.includes("*")) return `In “${term}” a star stands inside the term; it may only start or end one: refund*, *fund or *fund*.`;
  return null;
}

/**
 * Adds what was typed in the terms box to the terms: new ones at the end, ones already there (whatever the case, unless
 * case matters) left out. A problem names the first term that cannot be used; then nothing is added.
 */
export function addTerms(terms: readonly string[], typed: string, caseSensitive: boolean):
  { ok: true; terms: string[]; added: string[]; repeated: string[] } | { ok: false; problem: string } {
  const key = (t: string) => (caseSensitive ? t : t.toLowerCase());
  const seen = new Set(terms.map(key));
  const added: string[] = [];
  const repeated: string[] = [];
  for (const term of parseTerms(typed)) {
    const problem = termProblem(term);
    if (problem) return { ok: false, problem };
    if (seen.has(key(term))) {
      repeated.push(term);
      continue;
    }
    seen.add(key(term));
    added.push(term);
  }
  if (terms.length + added.length > MAX_TERMS) return { ok: false, problem: `A rule can have at most ${MAX_TERMS} terms; split it into two rules.` };
  return { ok: true, terms: [...terms, ...added], added, repeated };
}

/** "a, b or c" / "a, b and c". */
function listed(items: readonly string[], last: "or" | "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${last} ${items[items.length - 1]}`;
}

const SHOWN_TERMS = 4;

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The parts of a rule its summary reads. */
export type RuleShape = Pick<Rule, "kind" | "terms" | "match" | "caseSensitive" | "pattern" | "examples" | "exampleDocumentIds" | "threshold" | "metaField" | "metaValue" | "label">;

/** A piece of a rule's summary: words, or a pattern to show as code. */
export type SummaryPiece = string | { code: string };

/** What a rule matches, in pieces: the pattern of a regex rule apart, to be shown as code. */
export function summaryPieces(rule: RuleShape): SummaryPiece[] {
  const exact = rule.caseSensitive ? " (upper and lower case as written)" : "";
  switch (rule.kind) {
    case "keywords": {
      const terms = rule.terms.map((t) => `“${shorten(t, 40)}”`);
      if (terms.length === 0) return ["Has no terms yet"];
      if (terms.length === 1) return [`Has ${terms[0]}${exact}`];
      const all = rule.match === "all";
      const more = terms.length - SHOWN_TERMS;
      const shown = more > 0 ? [...terms.slice(0, SHOWN_TERMS), `${more.toLocaleString()} more`] : terms;
      return [`Has ${all ? "all" : "any"} of ${listed(shown, all ? "and" : "or")}${exact}`];
    }
    case "regex":
      return rule.pattern ? ["Matches the pattern ", { code: shorten(rule.pattern, 80) }, exact] : ["Has no pattern yet"];
    case "similar": {
      const texts = rule.examples.length;
      const docs = rule.exampleDocumentIds.length;
      const parts = [texts ? plural(texts, "example text") : "", docs === 1 ? `document ${rule.exampleDocumentIds[0]}` : docs ? plural(docs, "document") : ""].filter(Boolean);
      return [parts.length ? `Reads like ${listed(parts, "and")}${similarity(rule.threshold)}` : "Has no examples yet"];
    }
    case "label-description":
      return [`Reads like the description of “${rule.label}”${similarity(rule.threshold)}`];
    case "metadata":
      return [rule.metaField ? `${rule.metaField} is “${rule.metaValue ?? ""}”` : "Has no metadata field yet"];
    default:
      return [rule.kind];
  }
}

/** What a rule matches, in one line: "Has any of “refund*”, “money back” or “chargeback”". */
export function ruleSummary(rule: RuleShape): string {
  return summaryPieces(rule).map((p) => (typeof p === "string" ? p : p.code)).join("");
}

function similarity(threshold: number | null | undefined): string {
  return ` (alike at least ${(threshold ?? DEFAULT_THRESHOLD).toFixed(2)})`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/**
 * A share as a percentage: whole numbers from 10%, one decimal below (2.6%), "under 0.1%" for a few; never 0% for
 * something nor 100% for less than all.
 */
export function share(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const p = Math.min(100, Math.max(0, value * 100));
  if (p === 0) return "0%";
  if (p < 0.1) return "under 0.1%";
  if (p < 9.95) return `${Math.round(p * 10) / 10}%`;
  if (p < 100 && Math.round(p) === 100) return "99%";
  return `${Math.round(p)}%`;
}

/** A whole percentage for accuracy figures, never 0% for some nor 100% for less than all. */
export function percent(value: number): string {
  const p = Math.min(1, Math.max(0, value));
  let rounded = Math.round(p * 100);
  if (rounded === 100 && p < 1) rounded = 99;
  if (rounded === 0 && p > 0) rounded = 1;
  return `${rounded}%`;
}

/** The figures a line about a rule's hits reads (a preview or a rule of the analysis). */
export interface HitFigures {
  hits: number;
  coverage: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  overlaps: number;
  conflicts: number;
}

/** "321 documents (2.6%)". */
export function hitsLine(f: Pick<HitFigures, "hits" | "coverage">, documents?: number): string {
  if (f.hits === 0) return "No documents";
  const of = documents !== undefined ? ` of ${documents.toLocaleString()}` : "";
  return `${plural(f.hits, "document")}${of} (${share(f.coverage)})`;
}

/**
 * "82% right on 40 answered documents (68–91%)", or why there is no figure. A multi-label project gives no accuracy:
 * "33 of 40 answered documents have its label".
 */
export function accuracyLine(f: Pick<HitFigures, "hits" | "answered" | "correct" | "accuracy" | "accuracyLow" | "accuracyHigh">, multiLabel = false): string {
  if (f.hits === 0) return "Nothing to check: it finds no documents";
  if (f.answered === 0) return "Not known yet: nobody has answered the documents it finds";
  if (f.accuracy === null) {
    return multiLabel ? `${f.correct.toLocaleString()} of ${plural(f.answered, "answered document")} ${f.correct === 1 ? "has" : "have"} its label` : "Not known yet";
  }
  const range = f.accuracyLow !== null && f.accuracyHigh !== null
    ? ` (${percent(f.accuracyLow).replace("%", "")}–${percent(f.accuracyHigh)})`
    : "";
  return `${percent(f.accuracy)} right on ${plural(f.answered, "answered document")}${range}`;
}

/** What the range in brackets means, for a tooltip. */
export const ACCURACY_RANGE_EXPLAIN =
  "The range in brackets is where the true share most likely lies (95% confidence): the fewer answered documents, the wider it is.";

/** "Other rules also vote on 40% of these documents and disagree on 10%". */
export function overlapLine(f: Pick<HitFigures, "hits" | "overlaps" | "conflicts">): string {
  if (f.hits === 0) return "—";
  if (f.overlaps === 0) return "No other rule votes on these documents";
  const also = `Other rules also vote on ${share(f.overlaps)} of these documents`;
  return f.conflicts === 0 ? `${also} and always agree` : `${also} and disagree on ${share(f.conflicts)}`;
}

/** "Rules cover 70% of documents; they disagree on 5%. Two or more rules vote on 30%." */
export function totalsLine(a: Pick<RulesAnalysis, "totals" | "rules" | "documents">): string {
  if (!a.rules.some((r) => r.enabled)) return "No rule is switched on: the rules below vote on nothing yet.";
  if (a.documents === 0) return "The project has no documents for the rules to vote on yet.";
  const { coverage, overlap, conflict } = a.totals;
  if (coverage === 0) return "The switched-on rules find none of the documents.";
  const disagree = conflict === 0 ? "they never disagree" : `they disagree on ${share(conflict)}`;
  const several = overlap > 0 ? ` Two or more rules vote on ${share(overlap)}.` : "";
  return `Rules cover ${share(coverage)} of documents; ${disagree}.${several}`;
}

/** The label models by name, in words. */
const MODEL_WORDS: Record<string, string> = {
  "majority": "a majority vote (each rule counts the same)",
  "dawid-skene": "the Dawid–Skene model (it trusts the rules that seem more reliable more)",
  "triplet": "the triplet model (it works out how reliable each rule is from how the rules agree)",
};

/**
 * The label model in plain words: "Tagloop combines the switched-on rules’ votes into one label per document with a
 * majority vote (each rule counts the same): it labels 70% of documents, 86% right on those people answered."
 */
export function labelModelLine(model: LabelModelFigures | null, answered: number): string | null {
  if (!model) return null;
  const how = `Tagloop combines the switched-on rules’ votes into one label per document with ${MODEL_WORDS[model.name] ?? model.name}`;
  if (model.coverage === 0) return `${how}, but they label no document yet.`;
  const labels = `${how}: it labels ${share(model.coverage)} of documents`;
  if (model.accuracy !== null) return `${labels}, ${percent(model.accuracy)} right on those people answered.`;
  return answered === 0 ? `${labels}. Once people have answered some of them, you will see how often it is right.` : `${labels}.`;
}

/** Why that label model, in the server's words: "Chosen automatically: best on the 380 answered documents …". */
export function labelModelWhy(model: LabelModelFigures | null): string | null {
  const choice = model?.choice?.trim();
  if (!model || !choice || model.coverage === 0) return null;
  const words = /^auto:\s*/i.test(choice) ? `Chosen automatically: ${choice.replace(/^auto:\s*/i, "")}` : choice.charAt(0).toUpperCase() + choice.slice(1);
  return /[.!?]$/.test(words) ? words : `${words}.`;
}

/** An API error's field ("terms[2]", "examples[0]") as the editor's field ("terms", "examples"). */
export function formField(key: string): string {
  const base = key.replace(/\[\d+\]$/, "").replace(/^.*\./, "");
  if (base === "exampleDocumentIds") return "exampleDocumentIds";
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/** The editor's fields, as typed. */
export interface RuleForm {
  name: string;
  /** The label's name; "" while none is chosen. */
  label: string;
  kind: RuleKind;
  terms: string[];
  match: "any" | "all";
  caseSensitive: boolean;
  pattern: string;
  /** Example texts, one per box (blank boxes are left out). */
  examples: string[];
  /** Document numbers, as typed: "12, 15". */
  exampleDocumentIds: string;
  /** As typed: "0.5". */
  threshold: string;
  metaField: string;
  metaValue: string;
}

export type FormField = keyof RuleForm;

/** The form for a new rule (`label` chosen beforehand, or "") or for an existing one. */
export function formOf(rule?: Rule | null, label = ""): RuleForm {
  return {
    name: rule?.name ?? "",
    label: rule ? rule.label : label,
    kind: rule && isKind(rule.kind) ? rule.kind : "keywords",
    terms: [...(rule?.terms ?? [])],
    match: rule?.match === "all" ? "all" : "any",
    caseSensitive: rule?.caseSensitive ?? false,
    pattern: rule?.pattern ?? "",
    examples: rule && rule.examples.length > 0 ? [...rule.examples] : [""],
    exampleDocumentIds: (rule?.exampleDocumentIds ?? []).join(", "),
    threshold: String(rule?.threshold ?? DEFAULT_THRESHOLD),
    metaField: rule?.metaField ?? "",
    metaValue: rule?.metaValue ?? "",
  };
}

/**
 * The form for a new rule started from elsewhere, from the address's query: `kind`, `documents` (example document
 * numbers, e.g. "1,2,3", for a rule that finds documents like them), `name` and `label` (kept only if the project has
 * it). Anything else, or a value that is not valid, is left as a new rule has it.
 */
export function formFromQuery(query: URLSearchParams, labels: readonly string[]): RuleForm {
  const label = query.get("label") ?? "";
  const form = formOf(null, labels.includes(label) ? label : "");
  const kind = query.get("kind");
  if (isKind(kind)) form.kind = kind;
  const name = (query.get("name") ?? "").trim().slice(0, 100);
  if (name) form.name = name;
  const ids = documentIds(query.get("documents") ?? "");
  if (ids.ok && ids.ids.length) form.exampleDocumentIds = [...new Set(ids.ids)].slice(0, MAX_EXAMPLES).join(", ");
  return form;
}

/** A label as the editor's checks need it. */
export interface LabelInfo {
  name: string;
  description?: string | null;
}

export type DraftOutcome = { ok: true; draft: RuleDraft } | { ok: false; field: FormField; problem: string };

/**
 * The draft the form makes, or the field to fix and why. `save` also needs a name and a label; a preview can run
 * without them. Only the fields of the chosen kind are sent.
 */
export function draftOf(form: RuleForm, labels: readonly LabelInfo[], purpose: "save" | "preview"): DraftOutcome {
  const fail = (field: FormField, problem: string): DraftOutcome => ({ ok: false, field, problem });
  const name = form.name.trim();
  if (purpose === "save" && !name) return fail("name", "Give the rule a name, such as “refund words”.");
  const label = labels.find((l) => l.name === form.label) ?? null;
  if (purpose === "save" && !label) {
    return fail("label", form.label ? `The label “${form.label}” no longer exists: choose the label this rule votes for.` : "Choose the label this rule votes for.");
  }
  const draft: RuleDraft = { name: name || null, label: label?.name ?? null, kind: form.kind };
  switch (form.kind) {
    case "keywords":
      if (form.terms.length === 0) return fail("terms", "Add at least one word or phrase.");
      draft.terms = [...form.terms];
      draft.match = form.match;
      draft.caseSensitive = form.caseSensitive;
      break;
    case "regex":
      if (!form.pattern) return fail("pattern", "Type a pattern, such as \\brefund(s|ed)?\\b.");
      draft.pattern = form.pattern;
      draft.caseSensitive = form.caseSensitive;
      break;
    case "similar": {
      const examples = form.examples.map((e) => e.trim()).filter(Boolean);
      const ids = documentIds(form.exampleDocumentIds);
      if (!ids.ok) return fail("exampleDocumentIds", ids.problem);
      if (examples.length + ids.ids.length === 0) return fail("examples", "Give at least one example: paste a text, or the number of a document that should be found.");
      if (examples.length + ids.ids.length > MAX_EXAMPLES) return fail("examples", `${examples.length + ids.ids.length} examples; at most ${MAX_EXAMPLES}.`);
      const threshold = thresholdOf(form.threshold);
      if (!threshold.ok) return fail("threshold", threshold.problem);
      draft.examples = examples;
      draft.exampleDocumentIds = ids.ids;
      draft.threshold = threshold.value;
      break;
    }
    case "label-description": {
      if (!label) return fail("label", "Choose the label whose description documents should read like.");
      if (!label.description?.trim()) return fail("label", `The label “${label.name}” has no description yet: write one in Settings, then come back.`);
      const threshold = thresholdOf(form.threshold);
      if (!threshold.ok) return fail("threshold", threshold.problem);
      draft.threshold = threshold.value;
      break;
    }
    case "metadata":
      if (!form.metaField.trim()) return fail("metaField", "Name the metadata field, such as source.");
      if (!form.metaValue.trim()) return fail("metaValue", `Give the value ${form.metaField.trim()} must have.`);
      draft.metaField = form.metaField.trim();
      draft.metaValue = form.metaValue.trim();
      break;
  }
  return { ok: true, draft };
}

/** A similarity threshold as typed: a number above 0 and at most 1 (a comma as decimal mark is read too). */
export function thresholdOf(text: string): { ok: true; value: number } | { ok: false; problem: string } {
  const t = text.trim().replace(",", ".");
  const value = Number(t);
  if (!t || !Number.isFinite(value) || value <= 0 || value > 1) {
    return { ok: false, problem: "Give a number above 0 and at most 1, such as 0.5 (loosely alike) or 0.8 (nearly the same wording)." };
  }
  return { ok: true, value };
}

/** Document numbers typed as "12, 15 17"; an error names the first that is not one. */
export function documentIds(text: string): { ok: true; ids: number[] } | { ok: false; problem: string } {
  const ids: number[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const bare = token.replace(/^#/, "");
    if (!/^\d{1,15}$/.test(bare) || Number(bare) <= 0) {
      return { ok: false, problem: `“${token.slice(0, 30)}” is not a document number; type numbers separated by commas, such as 12, 15.` };
    }
    ids.push(Number(bare));
  }
  return { ok: true, ids: [...new Set(ids)] };
}

/** The change a save sends for an existing rule: the draft, bound to the version that was read. */
export function updateOf(draft: RuleDraft, version: number): RuleDraft & { version: number } {
  return { ...draft, version };
}

/** Whether two drafts ask the same thing (the preview need not run again). */
export function sameDraft(a: RuleDraft | null, b: RuleDraft | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
