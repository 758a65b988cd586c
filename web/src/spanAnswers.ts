// The bodies the span view posts to the annotations endpoint (correct, teach, skip), with the document's flag.
import type { components } from "./api/schema";
import type { FlagState } from "./views/flag";
import { rangeOffsets, sortSpans, type Offsets, type TokenSpan } from "./spanCursor";

/** A span posted in an answer. */
export type AnswerSpan = components["schemas"]["NewSpan"];

/** A correct-mode answer: inside `region` the entities are exactly `spans`. */
export interface CorrectAnswer {
  documentId: number;
  region: Offsets;
  spans: AnswerSpan[];
  skip: false;
  secondsSpent: number;
}

/** A teach-mode answer: the one span is (accept) or is not (reject) of its label; nothing else is implied. */
export interface TeachAnswer {
  documentId: number;
  spans: [AnswerSpan];
  accept: boolean;
  skip: false;
  secondsSpent: number;
}

export interface SkipAnswer {
  documentId: number;
  skip: true;
  secondsSpent: number;
}

/** Every answer is a NewAnnotation the annotations endpoint takes. */
export type SpanAnswer = (CorrectAnswer | TeachAnswer | SkipAnswer) & components["schemas"]["NewAnnotation"];

/** A correct-mode answer: inside the region the entities are exactly these spans. */
export function correctAnswer(documentId: number, region: Offsets, tokens: readonly Offsets[], spans: readonly TokenSpan[], secondsSpent: number): CorrectAnswer {
  return {
    documentId,
    region: { start: region.start, end: region.end },
    spans: sortSpans(spans).map((s) => ({ ...rangeOffsets(tokens, s), label: s.label })),
    skip: false,
    secondsSpent,
  };
}

/** A teach-mode answer: the suggested span is (accept) or is not (reject) of its type. */
export function teachAnswer(documentId: number, suggestion: AnswerSpan, accept: boolean, secondsSpent: number): TeachAnswer {
  return { documentId, spans: [{ start: suggestion.start, end: suggestion.end, label: suggestion.label }], accept, skip: false, secondsSpent };
}

export function skipAnswer(documentId: number, secondsSpent: number): SkipAnswer {
  return { documentId, skip: true, secondsSpent };
}

/** Seconds between two performance.now() readings, to a tenth, never negative. */
export function secondsBetween(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 100) / 10);
}

/**
 * The flag fields of an answer. `set` is what the annotator chose for the document in this view (undefined when
 * they did not touch the flag): left out, the server keeps the flag the author's earlier answer on the document had.
 */
export function flagFields(set: FlagState | undefined): { flag?: boolean; flagNote?: string | null } {
  if (!set) return {};
  return { flag: set.flagged, flagNote: set.flagged && set.note ? set.note : null };
}
