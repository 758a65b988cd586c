// Switching between correct and teach mode with a region on screen, as pure rules: what the switch keeps, and when
// it must first ask, so that no edit is ever dropped without the annotator saying so.
import type { SpanMode } from "./spanKeys";

/**
 * - same: the mode is already the one chosen; nothing happens.
 * - keep: the region on screen stays, now answered in the new mode (teach → correct: the model's spans to correct).
 * - load: nothing unsaved is on screen; the next region comes in the new mode.
 * - ask: correct-mode edits are not saved yet; ask whether to save them first, switch without them, or stay.
 */
export type ModeSwitch = "same" | "keep" | "load" | "ask";

/** The region on screen as the switch sees it: the mode it is answered in and whether it has unsaved edits. */
export interface ShownRegion {
  mode: SpanMode;
  edited: boolean;
}

/** What switching from `chosen` to `target` does with `shown` on screen (null: none, or a request under way). */
export function planModeSwitch(chosen: SpanMode, target: SpanMode, shown: ShownRegion | null): ModeSwitch {
  if (target === chosen) return "same";
  if (!shown) return "load";
  // Correcting needs no suggestion: the sentence on screen can be corrected as it is.
  if (target === "correct") return "keep";
  // Teaching needs the server's suggestion, so a new task: unsaved corrections must not vanish with the old one.
  return shown.mode === "correct" && shown.edited ? "ask" : "load";
}

