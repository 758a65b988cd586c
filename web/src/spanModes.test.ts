import { describe, expect, it } from "vitest";
import { planModeSwitch } from "./spanModes";

describe("switching mode with a sentence on screen", () => {
  it("does nothing when the mode is already chosen", () => {
    expect(planModeSwitch("correct", "correct", { mode: "correct", edited: true })).toBe("same");
    expect(planModeSwitch("teach", "teach", { mode: "teach", edited: false })).toBe("same");
  });

  it("keeps the sentence on screen when switching to correct mode, from a suggestion or from a sentence already corrected", () => {
    expect(planModeSwitch("teach", "correct", { mode: "teach", edited: false })).toBe("keep");
    expect(planModeSwitch("teach", "correct", { mode: "correct", edited: true })).toBe("keep");
  });

  it("asks before teach mode replaces a sentence with unsaved corrections, and loads when nothing would be lost", () => {
    expect(planModeSwitch("correct", "teach", { mode: "correct", edited: true })).toBe("ask");
    expect(planModeSwitch("correct", "teach", { mode: "correct", edited: false })).toBe("load");
    expect(planModeSwitch("correct", "teach", null)).toBe("load");
    expect(planModeSwitch("teach", "correct", null)).toBe("load");
  });
});
