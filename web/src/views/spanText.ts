// The region's text as the span view draws it — tokens, the text between them, entities in their type's colour with
// the type named, the document around it greyed — and the mouse on it. Every piece of the document is a text node.
import { h, paint, replace } from "../dom";
import { cursorAt, cursorOver, selection, snapToTokens, type Cursor, type Offsets, type TokenSpan } from "../spanCursor";
import { domOffset, layout, percent, type Piece } from "../spanLayout";
import type { SpanMode } from "../spanKeys";

/** What is drawn: the document, the region's tokens, the spans shown, and the cursor (correct mode only). */
export interface DrawnRegion {
  text: string;
  region: Offsets;
  tokens: readonly Offsets[];
  spans: readonly TokenSpan[];
  mode: SpanMode;
  cursor: Cursor;
}

/** Draws the region into `into`, with `context` code units of the document either side (0: none). */
export function drawRegion(into: HTMLElement, r: DrawnRegion, colors: ReadonlyMap<string, string | null | undefined>, context: number): void {
  const { spans, mode, cursor } = r;
  const sel = selection(cursor);
  const picked = mode === "correct" ? spans.findIndex((x) => x.first === sel.first && x.last === sel.last) : -1;
  const grouped = new Set<number>();
  const words = (span: TokenSpan) => r.text.slice(r.tokens[span.first].start, r.tokens[span.last].end);
  const draw = (piece: Piece): HTMLElement => {
    switch (piece.kind) {
      case "context":
        return h("span", { class: "context", "data-start": piece.start }, piece.text);
      case "elided":
        return h("span", { class: "context", "aria-hidden": "true" }, "… ");
      case "gap":
        return h("span", { "data-start": piece.start }, piece.text);
      case "token": {
        const cls = ["tok"];
        if (mode === "correct" && piece.index === cursor.focus) cls.push("cursor");
        if (mode === "correct" && piece.index >= sel.first && piece.index <= sel.last) cls.push("sel");
        const loose = piece.spans.filter((i) => !grouped.has(i));
        if (loose.length) cls.push("also");
        const el = h("span", { class: cls.join(" "), id: `tok-${piece.index}`, "data-token": piece.index, "data-start": piece.start,
          title: piece.spans.length ? piece.spans.map((i) => spans[i].label).join(", ") : undefined }, piece.text);
        if (loose.length) paint(el, colors.get(spans[loose[0]].label));
        return el;
      }
      case "span": {
        grouped.add(piece.span);
        const span = spans[piece.span];
        const prob = span.probability !== null ? percent(span.probability) : null;
        const el = h("mark", {
          class: `ent${piece.span === picked ? " picked" : ""}${mode === "teach" ? " suggested" : ""}`, role: "group", "data-span": piece.span, testid: "entity",
          "data-label": span.label, "data-first": span.first, "data-last": span.last, "aria-label": `${span.label}: ${words(span)}${prob ? `, model ${prob} sure` : ""}`,
          title: prob ? `${span.label}, the model's guess (${prob} sure)` : span.label,
        }, ...piece.pieces.map(draw),
        h("span", { class: "ent-tag", "data-at": piece.end, "aria-hidden": "true" }, span.label, prob ? h("span", { class: "ent-prob" }, ` ${prob}`) : null));
        paint(el, colors.get(span.label));
        return el;
      }
    }
  };
  replace(into, ...layout(r.text, r.region, r.tokens, spans, context).map(draw));
  if (mode === "correct" && r.tokens.length) into.setAttribute("aria-activedescendant", `tok-${cursor.focus}`);
  else into.removeAttribute("aria-activedescendant");
  into.querySelector(`#tok-${cursor.focus}`)?.scrollIntoView?.({ block: "nearest" });
}

/** What the mouse may do to the region on screen. */
export interface MouseTarget {
  /** The tokens and cursor of the region, or null when the mouse may not edit now (teach mode, a request under way). */
  editable: () => { tokens: readonly Offsets[]; cursor: Cursor } | null;
  moveCursor: (cursor: Cursor) => void;
  selectSpan: (index: number) => void;
}

/**
 * The mouse on the drawn text: a drag (or the browser's double-click word selection) snaps to whole tokens; a click on
 * an entity selects it, on a word puts the cursor there, with Shift extends the selection; a double-click selects just
 * that word, also inside an entity. A drag may end outside the text: the release is heard on the whole page, for a
 * press that began in the text. Returns a teardown.
 */
export function listenToMouse(text: HTMLElement, target: MouseTarget): () => void {
  let pressed = false;
  text.addEventListener("mousedown", (e) => { pressed = e.button === 0; });
  const onMouseUp = (e: MouseEvent) => {
    if (!pressed) return;
    pressed = false;
    const now = target.editable();
    if (!now) return;
    const native = window.getSelection();
    if (native && !native.isCollapsed && native.anchorNode && native.focusNode && text.contains(native.anchorNode) && text.contains(native.focusNode)) {
      const a = domOffset(native.anchorNode, native.anchorOffset);
      const b = domOffset(native.focusNode, native.focusOffset);
      native.removeAllRanges();
      const range = a === null || b === null ? null : snapToTokens(now.tokens, a, b);
      if (range) target.moveCursor(a! <= b! ? cursorOver(range) : { anchor: range.last, focus: range.first });
      return;
    }
    const at = e.target instanceof Element ? e.target : null;
    const mark = at?.closest<HTMLElement>("[data-span]");
    const token = at?.closest<HTMLElement>("[data-token]");
    if (token && e.shiftKey) target.moveCursor({ anchor: now.cursor.anchor, focus: Number(token.dataset.token) });
    else if (mark && e.detail < 2) target.selectSpan(Number(mark.dataset.span));
    else if (token) target.moveCursor(cursorAt(Number(token.dataset.token), now.tokens.length));
  };
  document.addEventListener("mouseup", onMouseUp);
  text.addEventListener("dblclick", (e) => {
    const token = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-token]") : null;
    window.getSelection()?.removeAllRanges();
    const now = target.editable();
    if (token && now) target.moveCursor(cursorAt(Number(token.dataset.token), now.tokens.length));
  });
  return () => document.removeEventListener("mouseup", onMouseUp);
}
