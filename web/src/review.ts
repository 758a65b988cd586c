// The review queue and final labels in plain words. Pure: no fetch, no DOM.
import type { components } from "./api/schema";

export type ReviewPage = components["schemas"]["ReviewPage"];
export type ReviewItem = components["schemas"]["ReviewItem"];
export type ReviewAnswer = components["schemas"]["ReviewAnswer"];
export type Final = components["schemas"]["FinalDto"];
export type Comment = components["schemas"]["CommentDto"];

/** The reasons a document waits for a reviewer, in the queue's order. */
export const REASONS = ["relabel", "disagreement", "flagged", "suspect"] as const;
export type Reason = (typeof REASONS)[number];

/** A short name for each reason, for the filter buttons and the item's tags. */
export const REASON_TITLES: Record<Reason, string> = {
  relabel: "Relabel",
  disagreement: "Disagreement",
  flagged: "Flagged",
  suspect: "Suspect",
};

/** What each reason means, in a sentence. */
export const REASON_WORDS: Record<Reason, string> = {
  relabel: "Relabel: a label was split, so this document needs one of the new labels.",
  disagreement: "Disagreement: the people who labelled it gave different answers.",
  flagged: "Flagged: someone marked it as a problem.",
  suspect: "Suspect: the model is confident this label is wrong.",
};

export function isReason(value: string | null | undefined): value is Reason {
  return (REASONS as readonly string[]).includes(value ?? "");
}

export function reasonTitle(reason: string): string {
  return isReason(reason) ? REASON_TITLES[reason] : reason;
}

export function reasonWords(reason: string): string {
  return isReason(reason) ? REASON_WORDS[reason] : reason;
}

/** A probability as a whole percentage: 0.934 → "93%"; never 100% for less than certain, nor 0% for more than nothing. */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return "—";
  const clamped = Math.min(1, Math.max(0, p));
  let rounded = Math.round(clamped * 100);
  if (rounded === 100 && clamped < 1) rounded = 99;
  if (rounded === 0 && clamped > 0) rounded = 1;
  return `${rounded}%`;
}

/** How the final label was decided, in words: "decided by rita (review)", "by majority", "single answer". */
export function decidedWords(decidedBy: string | null | undefined, reviewer?: string | null): string {
  switch (decidedBy) {
    case "adjudication":
      return reviewer ? `decided by ${reviewer} (review)` : "decided by a reviewer";
    case "majority":
      return "by majority";
    case "single":
      return "single answer";
    case "undecided":
      return "undecided: answers disagree";
    default:
      return decidedBy ?? "";
  }
}

/** The whole sentence for a document's final label: "Final label: spam — decided by rita (review)". */
export function finalSentence(labels: readonly string[] | null | undefined, decidedBy: string | null | undefined, reviewer?: string | null): string {
  if (decidedBy === "undecided" || !labels || labels.length === 0) {
    return decidedBy === "undecided" ? "Final label: undecided: answers disagree" : "Final label: none yet";
  }
  return `Final label: ${labels.join(", ")} — ${decidedWords(decidedBy, reviewer)}`;
}

/** One person's answer in words, after their name: "spam", "skipped", "spam (flagged: not sure)". */
export function answerWords(a: ReviewAnswer): string {
  const what = a.skipped ? "skipped" : a.labels.length ? a.labels.join(", ") : "no label";
  if (!a.flagged) return what;
  return a.flagNote ? `${what} (flagged: ${a.flagNote})` : `${what} (flagged)`;
}

/**
 * The filter buttons' order: All, then each reason, with its count. A document can wait for several reasons, so the
 * count for All is the queue's total when known (`all`), never the sum of the others.
 */
export function reasonFilters(counts: Readonly<Record<string, number>>, all: number | undefined): { reason: Reason | "all"; title: string; count: number | undefined }[] {
  return [
    { reason: "all", title: "All", count: all },
    ...REASONS.map((r) => ({ reason: r, title: REASON_TITLES[r], count: counts[r] ?? 0 })),
  ];
}
