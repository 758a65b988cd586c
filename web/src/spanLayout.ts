// Laying out a region's text for drawing, and reading a point of the drawn text back as a document offset: pure
// functions, so that what the page shows (text as text, spans grouping their tokens) is tested without a browser.
import type { Offsets, TokenSpan } from "./spanCursor";

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