// Editing the spans of a region in correct mode, as pure functions: tagging a selection, removing and retyping the
// span under the cursor, and telling whether the spans still are as the task gave them.
import type { KeyedLabel } from "./keys";
import { selection, sortSpans, type Cursor, type TokenRange, type TokenSpan } from "./spanCursor";

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

/**
 * True when the spans differ from those the region was shown with (a span tagged, removed, moved or retyped since);
 * the model's probabilities do not count, so a span retyped and then typed back is no change.
 */
export function edited(shownWith: readonly TokenSpan[], now: readonly TokenSpan[]): boolean {
  if (shownWith.length !== now.length) return true;
  const key = (s: TokenSpan) => `${s.first}:${s.last}:${s.label}`;
  const before = shownWith.map(key).sort();
  return now.map(key).sort().some((k, i) => k !== before[i]);
}
