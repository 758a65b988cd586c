// The annotation view's keyboard, as pure functions so that it can be tested without a browser.

export interface KeyedLabel {
  name: string;
  key?: string | null;
}

export type KeyAction =
  | { kind: "pick"; label: string }
  | { kind: "submit" }
  | { kind: "skip" }
  | { kind: "undo" }
  | { kind: "flag" }
  | { kind: "help" }
  | { kind: "guidelines" }
  | { kind: "escape" }
  | { kind: "none" };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
}

/**
 * Where the key press happens: in a field where keys are text ("typing"), on a button or link that
 * Enter and Space activate ("control"), or anywhere else ("page").
 */
export type FocusKind = "typing" | "control" | "page";

/** What a key press means in the annotation view. */
export function actionFor(event: KeyInput, labels: readonly KeyedLabel[], focus: FocusKind): KeyAction {
  if (event.ctrlKey || event.metaKey || event.altKey) return { kind: "none" };
  if (event.key === "Escape") return { kind: "escape" };
  if (focus === "typing") return { kind: "none" };
  const action = commandFor(event.key, labels);
  // A held key repeats: it must not save, skip or undo a whole series of documents.
  if (event.repeat && action.kind !== "pick") return { kind: "none" };
  // Enter and Space on a focused button or link belong to that button or link.
  if (focus === "control" && (action.kind === "submit" || action.kind === "skip")) return { kind: "none" };
  return action;
}

function commandFor(key: string, labels: readonly KeyedLabel[]): KeyAction {
  switch (key) {
    case "Enter":
      return { kind: "submit" };
    case " ":
    case "Spacebar":
      return { kind: "skip" };
    case "Backspace":
      return { kind: "undo" };
    case "?":
      return { kind: "help" };
  }
  const typed = key.length === 1 ? key.toLowerCase() : "";
  if (!typed) return { kind: "none" };
  const label = labels.find((l) => l.key && l.key.toLowerCase() === typed);
  if (label) return { kind: "pick", label: label.name };
  if (typed === "f") return { kind: "flag" };
  if (typed === "g") return { kind: "guidelines" };
  return { kind: "none" };
}

/** Picking a label: single-label projects replace the choice, multi-label projects toggle it. */
export function pick(selected: readonly string[], label: string, multiLabel: boolean): string[] {
  if (!multiLabel) return [label];
  return selected.includes(label) ? selected.filter((l) => l !== label) : [...selected, label];
}

/** The kind of place a key event comes from; see {@link FocusKind}. */
export function focusKind(target: EventTarget | null): FocusKind {
  if (!(target instanceof HTMLElement)) return "page";
  if (target.isContentEditable) return "typing";
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return "typing";
  if (target instanceof HTMLInputElement) {
    return ["checkbox", "radio", "button", "submit", "reset", "file", "color"].includes(target.type) ? "control" : "typing";
  }
  if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target.tagName === "SUMMARY") return "control";
  return "page";
}

/** A short reminder of the label keys, e.g. "s for spam, h for ham". */
export function keyHint(labels: readonly KeyedLabel[]): string {
  return labels.filter((l) => l.key).map((l) => `${l.key} for ${l.name}`).join(", ");
}
