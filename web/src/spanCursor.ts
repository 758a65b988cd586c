// The token cursor of the span view, as pure functions: the region's tokens, the selection on whole tokens (from
// the keyboard or snapped from a mouse selection), and the spans as the view edits them, on token indices. Offsets are
// UTF-16 code units of the whole document, as the API counts them.
import type { components } from "./api/schema";

/** A stretch of the document: [start, end) in UTF-16 code units of the whole text. */
export type Offsets = components["schemas"]["TextRange"];

/** A span as a task carries it: the model's (probability 0–1) or the annotator's earlier answer (probability null). */
export type TaskSpan = components["schemas"]["SuggestedSpan"];

/** Whole tokens first..last (inclusive indices into the region's tokens). */
export interface TokenRange {
  first: number;
  last: number;
}

/** A span being edited, on whole tokens; probability is the model's, null once a person set or changed it. */
export interface TokenSpan extends TokenRange {
  label: string;
  probability: number | null;
}

/** The token selection: the token where it started (anchor) and the one the cursor is on (focus). */
export interface Cursor {
  anchor: number;
  focus: number;
}

/**
 * The tokens a stretch [start, end) touches, snapped outwards to whole tokens; an empty stretch (a click) is the
 * token it falls in. Null when no token is touched (only whitespace, or outside the region).
 */
export function snapToTokens(tokens: readonly Offsets[], start: number, end: number): TokenRange | null {
  const lo = Math.min(start, end);
  const hi = Math.max(start, end);
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const touched = lo === hi ? t.start <= lo && lo < t.end : t.start < hi && t.end > lo;
    if (!touched) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? null : { first, last };
}

/** The document offsets of whole tokens first..last. */
export function rangeOffsets(tokens: readonly Offsets[], range: TokenRange): Offsets {
  return { start: tokens[range.first].start, end: tokens[range.last].end };
}

/** A task's spans on whole tokens (snapped outwards, those touching no token dropped), in reading order. */
export function toTokenSpans(tokens: readonly Offsets[], spans: readonly TaskSpan[]): TokenSpan[] {
  const result: TokenSpan[] = [];
  for (const s of spans) {
    const range = snapToTokens(tokens, s.start, s.end);
    if (range) result.push({ ...range, label: s.label, probability: s.probability ?? null });
  }
  return sortSpans(result);
}

/** Reading order: by first token, the longer of two spans starting together first (it encloses the other). */
export function sortSpans(spans: readonly TokenSpan[]): TokenSpan[] {
  return [...spans].sort((a, b) => a.first - b.first || b.last - a.last);
}

/** The selected tokens, whichever way the selection was made. */
export function selection(cursor: Cursor): TokenRange {
  return { first: Math.min(cursor.anchor, cursor.focus), last: Math.max(cursor.anchor, cursor.focus) };
}

/** A cursor on one token (clamped to the tokens). */
export function cursorAt(index: number, count: number): Cursor {
  const at = clamp(index, count);
  return { anchor: at, focus: at };
}

/** A selection of whole tokens, the cursor at its end. */
export function cursorOver(range: TokenRange): Cursor {
  return { anchor: range.first, focus: range.last };
}

/**
 * Moves the cursor by `delta` tokens (←/→), staying within the tokens. With `extend` (Shift) the selection grows or
 * shrinks from its anchor; without, it collapses onto the token the cursor lands on.
 */
export function moveCursor(cursor: Cursor, delta: number, extend: boolean, count: number): Cursor {
  const focus = clamp(cursor.focus + delta, count);
  return extend ? { anchor: clamp(cursor.anchor, count), focus } : { anchor: focus, focus };
}

/** Home/End: to the first or last token, extending with Shift. */
export function moveCursorTo(cursor: Cursor, index: number, extend: boolean, count: number): Cursor {
  return moveCursor(cursor, index - cursor.focus, extend, count);
}

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}

/**
 * Tokens for a task that carries none (a server without span tasks): runs of letters and digits (with inner
 * apostrophes and hyphens) and single other visible characters. The server snaps answers to its own tokens.
 */
export function fallbackTokens(text: string, region: Offsets): Offsets[] {
  const tokens: Offsets[] = [];
  const pattern = /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*|[^\s]/gu;
  pattern.lastIndex = region.start;
  for (let m = pattern.exec(text); m && m.index < region.end; m = pattern.exec(text)) {
    tokens.push({ start: m.index, end: Math.min(region.end, m.index + m[0].length) });
  }
  return tokens;
}
