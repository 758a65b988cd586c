// The owners' table of figures per annotator on the Team tab, formatted as text.
import type { AnnotatorFigures } from "./api/client";
import { when } from "./auth";

export const NONE = "—";

export const ANNOTATORS_EXPLAIN =
  "For owners only. “Agrees with the model” compares each person's answers with what the model predicts for those documents " +
  "after being trained without them, so it never just repeats an answer back; “Agrees with final labels” counts the documents " +
  "someone else decided in review. A low figure is a reason to look, not a verdict.";

export const ANNOTATOR_COLUMNS = [
  "Annotator", "Answers", "Skipped (%)", "Flagged (%)", "Median time per answer (s)", "Agrees with the model", "Agrees with final labels", "Last active",
] as const;

/** A rate (0–1) as a whole percentage, "—" when there is none: 0.125 → "13%". */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? NONE : `${Math.round(rate * 100)}%`;
}

/** A count with its rate: "3 (12%)"; just the count when there is no rate. */
export function countWithRate(n: number, rate: number | null | undefined): string {
  const r = percent(rate);
  return r === NONE ? n.toLocaleString() : `${n.toLocaleString()} (${r})`;
}

/** Seconds to one decimal under a minute and whole seconds above: 4.25 → "4.3", 75.4 → "75"; "—" when none. */
export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return value < 60 ? (Math.round(value * 10) / 10).toLocaleString() : Math.round(value).toLocaleString();
}

/** "81% of 42", or "—" when nothing (the model, or final labels) has been compared with this person's answers. */
export function modelAgreement(agreement: number | null | undefined, compared: number): string {
  const r = percent(agreement);
  return r === NONE || compared <= 0 ? NONE : `${r} of ${compared.toLocaleString()}`;
}

/** Why the model figure is missing, for a tooltip. */
export const WHY_NO_MODEL =
  "Not measured yet: the model is compared with a person's answers once it has been evaluated, and only in projects with one label per document.";

/** Why the final-label figure is missing, for a tooltip. */
export const WHY_NO_FINAL =
  "Not measured yet: none of this person's answers is on a document someone else decided in the Review tab.";

/** One table row as text, in the order of ANNOTATOR_COLUMNS. */
export function annotatorRow(a: AnnotatorFigures): string[] {
  return [
    a.annotator,
    a.answers.toLocaleString(),
    countWithRate(a.skips, a.skipRate),
    countWithRate(a.flags, a.flagRate),
    seconds(a.medianSeconds),
    modelAgreement(a.modelAgreement, a.modelCompared),
    modelAgreement(a.finalAgreement, a.finalCompared ?? 0),
    when(a.lastActive, NONE),
  ];
}
