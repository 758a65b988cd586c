// Pieces that several views show the same way.
import type { Label } from "../api/client";
import { h, paint } from "../dom";
import { mentionParts } from "../mentions";

export const count = (n: number | string): string => Number(n).toLocaleString();

/** "1 document", "2 documents". */
export const plural = (n: number | string, one: string, many = `${one}s`): string => `${count(n)} ${Number(n) === 1 ? one : many}`;

/** A document's metadata as a collapsible list of fields, or null when it has none. */
export function metaDetails(meta: unknown, open = false): HTMLElement | null {
  const entries = meta && typeof meta === "object" && !Array.isArray(meta) ? Object.entries(meta as Record<string, unknown>) : [];
  if (entries.length === 0) return null;
  return h("details", { class: "meta", open },
    h("summary", {}, `Details (${entries.length})`),
    h("dl", {}, ...entries.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "string" ? v : JSON.stringify(v))])));
}

/** One button per label, in the label's colour, with its key; pressed when selected. */
export function labelButtons(labels: readonly Label[], selected: readonly string[], onPick: (name: string) => void): HTMLElement[] {
  return labels.map((l) => {
    const on = selected.includes(l.name);
    const b = h("button", {
      type: "button",
      class: on ? "label-button on" : "label-button",
      testid: `label-button-${l.name}`,
      "aria-pressed": on ? "true" : "false",
      title: l.description || undefined,
      onclick: () => onPick(l.name),
    }, h("span", { class: "label-name" }, l.name), l.key ? h("kbd", {}, l.key) : null);
    paint(b, l.color);
    return b;
  });
}

/** Mouse clicks on buttons inside `root` keep the keyboard focus where it was, so Enter still saves. */
export function keepFocusOnClick(root: HTMLElement): void {
  root.addEventListener("mousedown", (e) => {
    if (e.target instanceof Element && e.target.closest("button, summary, input[type=checkbox], label:has(input[type=checkbox])")) e.preventDefault();
  });
}

/** A comment's text, as text, with the mentions of `person` in bold so that they find themselves in it. */
export function commentText(text: string, person: string, testid: string): HTMLElement {
  return h("div", { class: "comment-text", testid },
    ...mentionParts(text, person).map((p) => p.mention ? h("strong", { class: "handle" }, p.text) : p.text));
}
