// Pieces that several views show the same way.
import type { Label } from "../api/client";
import { chip, h, paint } from "../dom";
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

const GUIDELINES_OPEN = "tagloop.guidelines-open";

/**
 * The guidelines panel beside an annotation view: the project's guidelines and each label (or entity type) with its
 * key and description; open or closed as the annotator last left it (remembered across views).
 */
export function guidelinesAside(guidelines: string | null | undefined, heading: string, labels: readonly { name: string; color?: string | null; key?: string | null; description?: string | null }[]): { panel: HTMLElement; toggle: () => void } {
  const toggle = () => {
    panel.hidden = !panel.hidden;
    localStorage.setItem(GUIDELINES_OPEN, panel.hidden ? "0" : "1");
  };
  const panel = h("aside", { class: "guidelines", testid: "guidelines-panel", "aria-label": "Guidelines", hidden: localStorage.getItem(GUIDELINES_OPEN) !== "1" },
    h("div", { class: "panel-head" }, h("h2", {}, "Guidelines"), h("button", { type: "button", class: "link", onclick: () => toggle() }, "Hide ", h("kbd", {}, "g"))),
    h("div", { class: "guidelines-text" }, guidelines?.trim() || "This project has no guidelines yet."),
    h("h3", {}, heading),
    h("ul", { class: "label-help" }, ...labels.map((l) =>
      h("li", {}, chip(l.name, l.color), l.key ? h("kbd", {}, l.key) : null, h("div", { class: "muted" }, l.description || "No description.")))));
  return { panel, toggle };
}

/** A row of a keys list: the key, and what it does. */
export function keyRow(key: string, what: string): HTMLElement {
  return h("tr", {}, h("td", {}, h("kbd", {}, key)), h("td", {}, what));
}
