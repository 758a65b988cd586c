// Span tagging in the annotation view, as pure functions so that they can be tested without a browser: the token
// cursor and selection, assigning and removing spans, laying the region's text out for drawing, the keyboard, and
// the bodies the answers post. Offsets are UTF-16 code units of the whole document, as the API counts them.
import type { components } from "./api/schema";
import type { FocusKind, KeyInput, KeyedLabel } from "./keys";

/** A stretch of the document: [start, end) in UTF-16 code units of the whole text. */
export type Offsets = components["schemas"]["TextRange"];

/** A span as a task carries it: the model's (probability 0–1) or the annotator's earlier answer (probability null). */
export type TaskSpan = components["schemas"]["SuggestedSpan"];

/** A span posted in an answer. */
export type AnswerSpan = components["schemas"]["NewSpan"];

/** correct: fix the model's spans in a region and submit them all; teach: accept or reject one suggested span. */
export type SpanMode = "correct" | "teach";

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

export function overlaps(a: TokenRange, b: TokenRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Gives the tokens of `range` the type `label`. A span on exactly those tokens changes its type. Unless
 * `overlapping` is allowed, every span the range overlaps is replaced by the new one, so that an answer never
 * holds overlapping spans.
 */
export function assign(spans: readonly TokenSpan[], range: TokenRange, label: string, overlapping: boolean): TokenSpan[] {
  const kept = spans.filter((s) => !(s.first === range.first && s.last === range.last) && (overlapping || !overlaps(s, range)));
  return sortSpans([...kept, { first: range.first, last: range.last, label, probability: null }]);
}

/**
 * The span a command acts on: the one covering exactly the selection, else the innermost (shortest) covering the
 * cursor's token; -1 if none.
 */
export function targetSpan(spans: readonly TokenSpan[], cursor: Cursor): number {
  const sel = selection(cursor);
  const exact = spans.findIndex((s) => s.first === sel.first && s.last === sel.last);
  if (exact >= 0) return exact;
  let best = -1;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.first <= cursor.focus && cursor.focus <= s.last && (best < 0 || s.last - s.first < spans[best].last - spans[best].first)) best = i;
  }
  return best;
}

/** Backspace/Delete: removes the targeted span (see {@link targetSpan}); the spans unchanged when there is none. */
export function removeTarget(spans: readonly TokenSpan[], cursor: Cursor): { spans: TokenSpan[]; removed: TokenSpan | null } {
  const i = targetSpan(spans, cursor);
  if (i < 0) return { spans: [...spans], removed: null };
  return { spans: spans.filter((_, j) => j !== i), removed: spans[i] };
}

/** ↑/↓: the targeted span takes the next (step 1) or previous (step -1) type in the legend's order. */
export function cycleTarget(spans: readonly TokenSpan[], cursor: Cursor, labels: readonly KeyedLabel[], step: 1 | -1): { spans: TokenSpan[]; changed: TokenSpan | null } {
  const i = targetSpan(spans, cursor);
  if (i < 0 || labels.length === 0) return { spans: [...spans], changed: null };
  const at = labels.findIndex((l) => l.name === spans[i].label);
  const next = labels[(((at < 0 ? (step > 0 ? -1 : 0) : at) + step) % labels.length + labels.length) % labels.length].name;
  const changed = { ...spans[i], label: next, probability: null };
  return { spans: spans.map((s, j) => (j === i ? changed : s)), changed };
}

/** One piece of the region's text as drawn: a token, the text between tokens, or a span of them. */
export type Piece =
  | { kind: "context"; text: string; start: number }
  | { kind: "elided" }
  | { kind: "gap"; text: string; start: number }
  | { kind: "token"; index: number; text: string; start: number; spans: number[] }
  | { kind: "span"; span: number; end: number; pieces: (GapPiece | TokenPiece)[] };

export type GapPiece = Extract<Piece, { kind: "gap" }>;
export type TokenPiece = Extract<Piece, { kind: "token" }>;

/**
 * The text to draw: `context` code units of the document either side of the region (greyed; cut at a character, with
 * an elision mark where text is left out), then the region as tokens and the text between them. Spans group their
 * tokens and the text between them; where spans overlap, the first of each overlapping set in reading order groups
 * and the others are marked on their tokens only (`spans` lists every span over a token).
 */
export function layout(text: string, region: Offsets, tokens: readonly Offsets[], spans: readonly TokenSpan[], context: number): Piece[] {
  const pieces: Piece[] = [];
  if (context > 0 && region.start > 0) {
    const from = safeCut(text, Math.max(0, region.start - context));
    if (from > 0) pieces.push({ kind: "elided" });
    pieces.push({ kind: "context", text: text.slice(from, region.start), start: from });
  }

  // The spans that group their tokens: none overlapping another chosen before it.
  const grouping: number[] = [];
  let reach = -1;
  spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.first - b.s.first || b.s.last - a.s.last).forEach(({ s, i }) => {
    if (s.first > reach) {
      grouping.push(i);
      reach = s.last;
    }
  });
  const groupStarting = new Map(grouping.map((i) => [spans[i].first, i]));

  let at = region.start;
  let open: Extract<Piece, { kind: "span" }> | null = null;
  const put = (piece: GapPiece | TokenPiece) => (open ? open.pieces.push(piece) : pieces.push(piece));
  tokens.forEach((t, index) => {
    const starting = groupStarting.get(index);
    // Text between two tokens of a span is inside it; text before a span's first token is not.
    if (t.start > at) put({ kind: "gap", text: text.slice(at, t.start), start: at });
    if (starting !== undefined) {
      open = { kind: "span", span: starting, end: tokens[spans[starting].last].end, pieces: [] };
      pieces.push(open);
    }
    put({ kind: "token", index, text: text.slice(t.start, t.end), start: t.start, spans: spans.flatMap((s, i) => (s.first <= index && index <= s.last ? [i] : [])) });
    if (open && spans[open.span].last === index) open = null;
    at = t.end;
  });
  if (region.end > at) pieces.push({ kind: "gap", text: text.slice(at, region.end), start: at });

  if (context > 0 && region.end < text.length) {
    const to = safeCut(text, Math.min(text.length, region.end + context));
    pieces.push({ kind: "context", text: text.slice(region.end, to), start: region.end });
    if (to < text.length) pieces.push({ kind: "elided" });
  }
  return pieces;
}

/** A cut position moved off the middle of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

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

export interface SpanKeyInput extends KeyInput {
  shiftKey?: boolean;
}

export type SpanKeyAction =
  | { kind: "move"; delta: number; extend: boolean }
  | { kind: "home"; extend: boolean }
  | { kind: "end"; extend: boolean }
  | { kind: "assign"; label: string }
  | { kind: "remove" }
  | { kind: "cycle"; step: 1 | -1 }
  | { kind: "submit" }
  | { kind: "accept" }
  | { kind: "reject" }
  | { kind: "skip" }
  | { kind: "undo" }
  | { kind: "mode" }
  | { kind: "help" }
  | { kind: "guidelines" }
  | { kind: "escape" }
  | { kind: "none" };

/**
 * What a key press means in the span view, in the mode the region is answered in. Label keys come first: the
 * letters a, x and m act only when no label has them (Enter, Backspace and the mode switch always do the same).
 */
export function spanActionFor(event: SpanKeyInput, labels: readonly KeyedLabel[], mode: SpanMode, focus: FocusKind): SpanKeyAction {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "z" && focus !== "typing") return event.repeat ? { kind: "none" } : { kind: "undo" };
  if (event.ctrlKey || event.metaKey || event.altKey) return { kind: "none" };
  if (event.key === "Escape") return { kind: "escape" };
  if (focus === "typing") return { kind: "none" };
  const extend = event.shiftKey === true;
  const action = ((): SpanKeyAction => {
    switch (event.key) {
      case "ArrowLeft":
        return { kind: "move", delta: -1, extend };
      case "ArrowRight":
        return { kind: "move", delta: 1, extend };
      case "Home":
        return { kind: "home", extend };
      case "End":
        return { kind: "end", extend };
      case "ArrowUp":
        return mode === "correct" ? { kind: "cycle", step: -1 } : { kind: "none" };
      case "ArrowDown":
        return mode === "correct" ? { kind: "cycle", step: 1 } : { kind: "none" };
      case "Enter":
        return mode === "correct" ? { kind: "submit" } : { kind: "accept" };
      case "Backspace":
      case "Delete":
        return mode === "correct" ? { kind: "remove" } : { kind: "reject" };
      case " ":
      case "Spacebar":
        return { kind: "skip" };
      case "?":
        return { kind: "help" };
    }
    const typed = event.key.length === 1 ? event.key.toLowerCase() : "";
    if (!typed) return { kind: "none" };
    const label = labels.find((l) => l.key && l.key.toLowerCase() === typed);
    if (label) return mode === "correct" ? { kind: "assign", label: label.name } : { kind: "none" };
    if (typed === "g") return { kind: "guidelines" };
    if (typed === "m") return { kind: "mode" };
    if (mode === "teach" && typed === "a") return { kind: "accept" };
    if (mode === "teach" && typed === "x") return { kind: "reject" };
    return { kind: "none" };
  })();
  // A held key repeats: moving and cycling may, answering must not run through a series of regions.
  if (event.repeat && !["move", "home", "end", "cycle"].includes(action.kind)) return { kind: "none" };
  // Enter and Space on a focused button belong to that button.
  if (focus === "control" && ["submit", "accept", "skip"].includes(action.kind)) return { kind: "none" };
  return action;
}

/** The mode stored in localStorage, correct unless teach was chosen. */
export function storedMode(value: string | null): SpanMode {
  return value === "teach" ? "teach" : "correct";
}

/** "92%": a probability shown subtly beside a model's span. */
export function percent(probability: number): string {
  return `${Math.round(Math.max(0, Math.min(1, probability)) * 100)}%`;
}

/**
 * The document offset of a point in the drawn text (a DOM selection's anchor or focus): pieces of document text carry
 * `data-start` (their first code unit), a span's type tag carries `data-at` (the span's end). Null for a point in
 * nothing of the document (an elision mark, or outside the drawn text).
 */
export function domOffset(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const holder = node.parentElement?.closest<HTMLElement>("[data-start], [data-at]");
    if (!holder) return null;
    if (holder.dataset.at !== undefined) return Number(holder.dataset.at);
    return holder.firstChild === node ? Number(holder.dataset.start) + offset : Number(holder.dataset.start) + (holder.textContent ?? "").length;
  }
  if (!(node instanceof Element)) return null;
  const own = node.closest<HTMLElement>("[data-start], [data-at]");
  if (own && own.dataset.at !== undefined) return Number(own.dataset.at);
  if (own) return Number(own.dataset.start) + (offset === 0 ? 0 : (own.textContent ?? "").length);
  // Between the children of a container: the start of the next child with text, else the end of the one before.
  for (let i = offset; i < node.childNodes.length; i++) {
    const next = firstPoint(node.childNodes[i]);
    if (next !== null) return next;
  }
  for (let i = Math.min(offset, node.childNodes.length) - 1; i >= 0; i--) {
    const before = lastPoint(node.childNodes[i]);
    if (before !== null) return before;
  }
  return null;
}

function firstPoint(node: Node): number | null {
  if (node instanceof HTMLElement && node.dataset.start !== undefined) return Number(node.dataset.start);
  if (node instanceof HTMLElement && node.dataset.at !== undefined) return Number(node.dataset.at);
  for (const child of node.childNodes) {
    const found = firstPoint(child);
    if (found !== null) return found;
  }
  return null;
}

function lastPoint(node: Node): number | null {
  if (node instanceof HTMLElement && node.dataset.start !== undefined) return Number(node.dataset.start) + (node.textContent ?? "").length;
  if (node instanceof HTMLElement && node.dataset.at !== undefined) return Number(node.dataset.at);
  for (let i = node.childNodes.length - 1; i >= 0; i--) {
    const found = lastPoint(node.childNodes[i]);
    if (found !== null) return found;
  }
  return null;
}
