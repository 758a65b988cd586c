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
}

/** What a key press means in the annotation view; keys typed into a field are the field's. */
export function actionFor(event: KeyInput, labels: KeyedLabel[], typing: boolean): KeyAction {
  if (event.ctrlKey || event.metaKey || event.altKey) return { kind: "none" };
  if (event.key === "Escape") return { kind: "escape" };
  if (typing) return { kind: "none" };
  switch (event.key) {
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
  const key = event.key.length === 1 ? event.key.toLowerCase() : "";
  const label = labels.find((l) => l.key && l.key.toLowerCase() === key);
  if (label) return { kind: "pick", label: label.name };
  if (key === "f") return { kind: "flag" };
  if (key === "g") return { kind: "guidelines" };
  return { kind: "none" };
}

/** Picking a label: single-label projects replace the choice, multi-label projects toggle it. */
export function pick(selected: readonly string[], label: string, multiLabel: boolean): string[] {
  if (!multiLabel) return [label];
  return selected.includes(label) ? selected.filter((l) => l !== label) : [...selected, label];
}

/** Whether focus is in a place where keys are text, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "file"].includes(target.type);
}
