// The parts of the span view around the text: the entity types' legend, the list of what is tagged, the selection
// line, teach mode's question, the keys (a short line always shown, the whole list on ?) and the question asked
// before a switch to teach mode would leave corrections unsaved.
import type { Label, Stats } from "../api/client";
import { chip, h, paint, type Child } from "../dom";
import { targetSpan } from "../spanEdits";
import { selection, type Cursor, type TaskSpan, type TokenSpan } from "../spanCursor";
import { percent } from "../spanLayout";
import type { SpanMode } from "../spanKeys";
import { keyRow } from "./parts";

type Colors = ReadonlyMap<string, string | null | undefined>;

/** The entity types, each a button that tags the selection, with its key and description. */
export function typeLegend(labels: readonly Label[], tag: (name: string) => void): HTMLElement {
  return h("div", { class: "type-legend", role: "group", "aria-label": "Entity types" },
    h("span", { class: "legend-title muted small" }, "Tag the selected words as:"),
    ...labels.map((l) => {
      const b = h("button", {
        type: "button", class: "type-button", testid: `type-${l.name}`, title: l.description || undefined,
        "aria-label": `Tag the selection as ${l.name}${l.key ? ` (key ${l.key})` : ""}${l.description ? `: ${l.description}` : ""}`,
        onclick: () => tag(l.name),
      }, h("span", { class: "type-swatch", "aria-hidden": "true" }), h("span", { class: "label-name" }, l.name), l.key ? h("kbd", {}, l.key) : null,
      l.description ? h("span", { class: "type-description" }, l.description) : null);
      paint(b, l.color);
      return b;
    }));
}

/** The entities tagged in the sentence, each with a button to select it and one to remove it. */
export function entityItems(spans: readonly TokenSpan[], words: (s: TokenSpan) => string, colors: Colors, select: (i: number) => void, remove: (i: number) => void): HTMLElement[] {
  if (spans.length === 0) return [h("li", { class: "muted small" }, "No entities tagged in this sentence yet.")];
  return spans.map((span, i) => h("li", { testid: "span-item" },
    h("button", { type: "button", class: "link", onclick: () => select(i) }, chip(span.label, colors.get(span.label)), `“${words(span)}”`),
    span.probability !== null ? h("span", { class: "muted small" }, ` model ${percent(span.probability)}`) : null,
    h("button", { type: "button", class: "link remove", "aria-label": `Remove ${span.label} “${words(span)}”`, onclick: () => remove(i) }, "remove")));
}

/** "Selected: “New York” — press a type key to tag it." */
export function selectionSentence(spans: readonly TokenSpan[], cursor: Cursor, tokenCount: number, wordsOf: (first: number, last: number) => string, colors: Colors): Child {
  if (tokenCount === 0) return "This sentence has no words to tag.";
  const sel = selection(cursor);
  const target = targetSpan(spans, cursor);
  const exact = target >= 0 && spans[target].first === sel.first && spans[target].last === sel.last;
  return exact
    ? h("span", {}, "Selected: ", chip(spans[target].label, colors.get(spans[target].label)), `“${wordsOf(sel.first, sel.last)}” — a type key changes it, Delete removes it.`)
    : `Selected: “${wordsOf(sel.first, sel.last)}” — press a type key to tag it.`;
}

/** Teach mode's question: "Is “New York” a LOC? The model is 55% sure." and what the type means. */
export function teachQuestion(text: string, suggestion: TaskSpan, labels: readonly Label[], colors: Colors): Child[] {
  const description = labels.find((l) => l.name === suggestion.label)?.description;
  return [h("div", {}, "Is “", h("strong", {}, text.slice(suggestion.start, suggestion.end)), "” ", chip(suggestion.label, colors.get(suggestion.label)), "?",
    suggestion.probability !== null && suggestion.probability !== undefined ? h("span", { class: "muted small" }, ` The model is ${percent(suggestion.probability)} sure.`) : null),
  description ? h("div", { class: "muted small", testid: "teach-type" }, `${suggestion.label} means: ${description}`) : null];
}

/** The keys that matter now, in one line under the buttons (the whole list is behind ?). */
export function keyStrip(labels: readonly Label[], mode: SpanMode): Child[] {
  const typeKeys = labels.filter((l) => l.key).map((l) => l.key!).join(" ");
  const item = (keys: string, what: string) => h("span", { class: "key-item" }, h("kbd", {}, keys), ` ${what}`);
  return mode === "teach"
    ? [item("Enter", "yes"), item("⌫", "no"), item("Space", "skip"), item("f", "flag"), item("m", "correct mode"), item("?", "all keys")]
    : [item("← →", "move"), item("Shift + ← →", "select words"), ...(typeKeys ? [item(typeKeys, "tag")] : []), item("⌫", "remove"),
        item("Enter", "save sentence"), item("Space", "skip"), item("f", "flag"), item("m", "teach mode"), item("?", "all keys")];
}

/** Every key, behind ? or the Keys button. */
export function keysHelp(labels: readonly Label[]): { overlay: HTMLElement; toggle: () => void } {
  const overlay = h("div", { class: "overlay", hidden: true, onclick: (e: Event) => { if (e.target === overlay) overlay.hidden = true; } },
    h("div", { class: "keys-help", testid: "keys-help", role: "dialog", "aria-label": "Keyboard keys" },
      h("div", { class: "panel-head" }, h("h2", {}, "Keys"), h("button", { type: "button", class: "link", onclick: () => { overlay.hidden = true; } }, "Close ", h("kbd", {}, "Esc"))),
      h("table", {}, h("tbody", {},
        keyRow("← →", "Move the cursor one word"),
        keyRow("Shift + ← →", "Select several words (Home and End go to the first and last)"),
        ...labels.filter((l) => l.key).map((l) => keyRow(l.key!, `Tag the selection as “${l.name}” (or change the selected entity to it)`)),
        keyRow("↑ ↓", "Change the type of the entity under the cursor"),
        keyRow("Backspace / Delete", "Correct: remove the entity under the cursor. Teach: answer no"),
        keyRow("Enter", "Correct: save the sentence as tagged and show the next. Teach: answer yes"),
        keyRow("a / x", "Teach: yes / no (when no type has the key)"),
        keyRow("Space", "Skip this sentence"),
        keyRow("f", "Flag this document for a second look, with an optional note"),
        keyRow("Ctrl+Z", "Undo the last answer"),
        keyRow("m", "Switch between correct and teach mode (your unsaved corrections are kept or saved first)"),
        keyRow("g", "Show or hide the guidelines"),
        keyRow("?", "Show or hide this list"),
        keyRow("Esc", "Clear the selection, or close this list or the flag note"))),
      h("p", { class: "muted small" }, "Mouse: drag across words, double-click a word, or Shift-click to extend the selection; click an entity to select it."),
      h("p", { class: "muted small" }, "Correct mode: you check every entity in a sentence and save it. Teach mode: the model asks about one guess at a time and you answer yes or no.")));
  return { overlay, toggle: () => { overlay.hidden = !overlay.hidden; } };
}

export interface SwitchChoices {
  save: () => void;
  discard: () => void;
  stay: () => void;
}

/**
 * The question asked when switching to teach mode would leave corrections unsaved: save them first (Enter), switch
 * without them, or stay (Esc). Keys pressed in it are its own, never the page's.
 */
export function switchQuestion(choices: SwitchChoices): { box: HTMLElement; ask: () => void; close: () => void; readonly isOpen: boolean } {
  const save = h("button", { type: "button", class: "button primary", testid: "switch-save", onclick: () => choices.save() }, "Save them, then teach ", h("kbd", {}, "Enter"));
  const discard = h("button", { type: "button", class: "button", testid: "switch-discard", onclick: () => choices.discard() }, "Switch without saving");
  const stay = h("button", { type: "button", class: "button quiet", testid: "switch-stay", onclick: () => choices.stay() }, "Stay in correct mode ", h("kbd", {}, "Esc"));
  const box = h("div", { class: "confirm switch-question", testid: "switch-question", role: "alertdialog", "aria-label": "Unsaved corrections", hidden: true },
    h("p", { class: "confirm-sentence", id: "switch-question-text" }, "You changed the entities in this sentence and have not saved them. Teach mode shows another sentence. Save your changes first?"),
    h("div", { class: "actions" }, save, discard, stay));
  box.setAttribute("aria-describedby", "switch-question-text");
  box.addEventListener("keydown", (e) => {
    e.stopPropagation();
    if (e.key === "Escape") {
      e.preventDefault();
      choices.stay();
    }
  });
  return {
    box,
    ask: () => {
      box.hidden = false;
      save.focus();
    },
    close: () => { box.hidden = true; },
    get isOpen() { return !box.hidden; },
  };
}

/** What the view says when no region is left for the annotator (in the mode chosen). */
export function doneMessage(projectId: number, stats: Stats | undefined, teach: boolean, canUndo: boolean): HTMLElement {
  const links = [" ", h("a", { href: `#/projects/${projectId}/browse` }, "Browse the documents"), " or ",
    h("a", { href: `#/projects/${projectId}/export` }, "export the entities"), "."];
  if (stats && stats.total === 0) {
    return h("div", { testid: "done", class: "done" }, h("h2", {}, "There are no documents yet"),
      h("p", {}, "This project is empty. ", h("a", { href: `#/projects/${projectId}/import` }, "Import the texts to tag"), " to start."));
  }
  return h("div", { testid: "done", class: "done" },
    h("h2", {}, teach ? "Nothing is left to suggest" : "Nothing is left for you to tag"),
    h("p", {}, teach ? "Switch to correct mode to tag the remaining sentences." : "Every sentence open to you has an answer.", ...links),
    canUndo ? h("p", { class: "muted" }, "Press Ctrl+Z to take back your last answer.") : null);
}
