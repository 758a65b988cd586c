import { describe, expect, it } from "vitest";
import { annotatorRow, countWithRate, modelAgreement, percent, seconds } from "./annotatorFigures";

describe("figures per annotator", () => {
  it("formats rates, times and agreement with the model", () => {
    expect(percent(0.125)).toBe("13%");
    expect(percent(null)).toBe("—");
    expect(countWithRate(3, 0.1)).toBe("3 (10%)");
    expect(countWithRate(0, null)).toBe("0");
    expect(seconds(4.25)).toBe("4.3");
    expect(seconds(75.4)).toBe("75");
    expect(seconds(null)).toBe("—");
    expect(modelAgreement(0.81, 42)).toBe("81% of 42");
    expect(modelAgreement(null, 0)).toBe("—");
    expect(modelAgreement(0.5, 0)).toBe("—");
  });

  it("gives one row of text per annotator, with a dash for what is unknown", () => {
    const row = annotatorRow({
      annotator: "<b>ana</b>", answers: 20, skips: 2, flags: 0, skipRate: 0.1, flagRate: 0, medianSeconds: 6,
      modelCompared: 0, modelAgreement: null, lastActive: null, finalCompared: 4, finalAgreement: 0.75,
    });
    expect(row).toEqual(["<b>ana</b>", "20", "2 (10%)", "0 (0%)", "6", "—", "75% of 4", "—"]);
  });
});
