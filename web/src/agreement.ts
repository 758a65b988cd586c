// How far annotators agree, in figures and plain words: pure functions, drawn by views/team.ts (the Team tab).
import type { Agreement, Estimate } from "./api/client";

export type { Agreement, Estimate };

/** What a missing figure is shown as. */
export const NONE = "—";

/** Krippendorff's own guidance for α: rely on ≥ 0.800, draw only tentative conclusions from 0.667 to 0.800. */
export const RELIABLE = 0.8;
export const TENTATIVE = 0.667;

export type Reading = "reliable" | "tentative" | "weak";

/** Plain-words meaning of each figure, for readers who are not statisticians. */
export const EXPLAIN = {
  alpha: "Krippendorff's α measures how often people gave the same label, beyond what chance alone would give: 1 means they always agreed, 0 means no better than picking at random, below 0 means they disagreed more often than chance would.",
  guidance: "Krippendorff, who devised α, advises relying on labels with α of 0.8 or more, drawing only tentative conclusions from 0.667 to 0.8, and not relying on them below 0.667.",
  fleiss: "Fleiss' κ measures the same thing in a slightly different way; it is common in medical and social research and reads much like α.",
  range: "The range after each figure is where the true figure most likely lies (95% of the time): with few shared documents it is wide, and it narrows as more documents are labelled by more than one person.",
  multiLabel: "In this project a text can have several labels, so there is no single overall figure: agreement is measured label by label — for each label, whether people agreed that a text has it or not.",
  perLabel: "For each label: did people agree on which texts have it? The bar and the word follow the same guidance as the overall figure.",
  pairs: "Every two people who labelled some of the same documents. Agreement is the share of those documents where both gave the same answer; Cohen's κ is that share with the agreement expected by chance taken out, so it is lower.",
  perAnnotator: "Each person against everyone they shared documents with. A person who agrees much less than the others may read the guidelines differently.",
  names: "People are told apart by the name in “Annotating as” at the top of the page: everyone who labels under the same name counts as one person.",
} as const;

/** Why a figure is missing, in plain words. */
export const WHY = {
  noneShared: "No document has been labelled by two or more people yet.",
  sameAnswer: "Everybody gave the same answer on every shared document, so there was no chance to disagree and nothing to measure.",
  sameForLabel: "On every shared document everybody answered the same way for this label (all gave it, or none did), so there was nothing to measure.",
  samePair: "These two gave only one and the same answer on their shared documents, so there was nothing to measure.",
  noPairKappa: "Every pair this person shares documents with gave one and the same answer throughout, so there was nothing to measure.",
  noRange: "Too few shared documents to say how far this figure could be off.",
} as const;

/** 0.5333 → "0.53", −0.125 → "−0.13", null → "—". */
export function score(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  const text = value.toFixed(2);
  if (/^-0\.00$/.test(text)) return "0.00";
  return text.replace(/^-/, "−");
}

/** "0.12 to 0.87", or null when the interval is unknown. */
export function range(estimate: Estimate | null | undefined): string | null {
  if (!estimate || estimate.low === null || estimate.high === null || estimate.value === null) return null;
  return `${score(estimate.low)} to ${score(estimate.high)}`;
}

/** A figure with its range: "0.53 (0.12 to 0.87)", "0.53" without one, "—" when missing. */
export function withRange(estimate: Estimate | null | undefined): string {
  const value = score(estimate?.value);
  const r = range(estimate);
  return r === null || value === NONE ? value : `${value} (${r})`;
}

/** 0.75 → "75%", like the Model tab; null → "—". */
export function share(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NONE : `${Math.round(value * 100)}%`;
}

/** Krippendorff's reading of α; null when there is no figure. */
export function reading(value: number | null | undefined): Reading | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return value >= RELIABLE ? "reliable" : value >= TENTATIVE ? "tentative" : "weak";
}

/** The reading in a sentence. */
export function readingSentence(value: number | null | undefined): string | null {
  switch (reading(value)) {
    case "reliable":
      return "Reliable: people label these texts consistently enough to rely on the labels.";
    case "tentative":
      return "Tentative: people agree often, but not enough to rely on the labels without care; good enough only for tentative conclusions.";
    case "weak":
      return value! < 0
        ? "Weak: people disagreed more often than chance would have them disagree; the labels cannot be relied on, and the guidelines may be read in different ways."
        : "Weak: people often label the same text differently; the labels cannot be relied on yet, and the guidelines may need to be clearer.";
    default:
      return null;
  }
}

/** Whether the range spans more than one reading (e.g. from weak to reliable): the reading is not settled yet. */
export function unsettled(estimate: Estimate | null | undefined): boolean {
  if (!estimate || estimate.value === null || estimate.low === null || estimate.high === null) return false;
  return reading(estimate.low) !== reading(estimate.high);
}

/** How long a bar of 0–1 a figure gets (negative figures get none). */
export function barShare(value: number | null | undefined): number {
  if (value === null || value === undefined || !Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** The headline: how many documents two or more people answered, by how many people. */
export function headline(a: Pick<Agreement, "documents" | "annotators">): string {
  if (a.documents === 0) return "No document has been labelled by two or more people yet.";
  const docs = a.documents === 1 ? "1 document was" : `${a.documents.toLocaleString()} documents were`;
  return `${docs} labelled by two or more people, ${a.annotators.toLocaleString()} people in all.`;
}

/** What to do while nothing is shared, in plain words. */
export const EMPTY_ADVICE =
  "To see how far people agree, a second person has to label some of the same documents. " +
  "Change the name in “Annotating as” at the top of the page to theirs, then open documents from the Browse tab and label them there. " +
  "The Annotate tab will not do for this: its queue gives each document to one person only.";

/** The same advice on a server with accounts, where each person signs in as themselves. */
export const EMPTY_ADVICE_ACCOUNTS =
  "To see how far people agree, a second person has to label some of the same documents. " +
  "They sign in with their own account, open documents from the Browse tab and label them there. " +
  "The Annotate tab will not do for this: its queue gives each document to one person only.";

/** How people are told apart on a server with accounts. */
export const NAMES_WITH_ACCOUNTS = "People are told apart by the account they sign in with.";

/** Why an estimate's value is missing; null when it is not. */
export function whyMissing(estimate: Estimate | null | undefined, documents: number, kind: "overall" | "label" | "pair"): string | null {
  if (estimate && estimate.value !== null) return null;
  if (documents === 0) return WHY.noneShared;
  return kind === "label" ? WHY.sameForLabel : kind === "pair" ? WHY.samePair : WHY.sameAnswer;
}

/** Why an estimate has a value but no range; null when it has both (or neither). */
export function whyNoRange(estimate: Estimate | null | undefined): string | null {
  return estimate && estimate.value !== null && (estimate.low === null || estimate.high === null) ? WHY.noRange : null;
}
