// The span view's keyboard, as pure functions so that it can be tested without a browser.
import type { FocusKind, KeyInput, KeyedLabel } from "./keys";

/** correct: fix the model's spans in a region and submit them all; teach: accept or reject one suggested span. */
export type SpanMode = "correct" | "teach";

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
  | { kind: "flag" }
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
    if (typed === "f") return { kind: "flag" };
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
