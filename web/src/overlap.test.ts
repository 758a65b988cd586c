import { describe, expect, it } from "vitest";
import { overlapSaved, percentText, readOverlap } from "./overlap";

describe("the overlap setting", () => {
  it("shows a share as a percentage", () => {
    expect(percentText(0)).toBe("0");
    expect(percentText(0.1)).toBe("10");
    expect(percentText(0.125)).toBe("12.5");
    expect(percentText(1)).toBe("100");
    expect(percentText(undefined)).toBe("0");
  });

  it("reads a percentage and a number of people", () => {
    expect(readOverlap("10", "3")).toEqual({ ok: true, overlapShare: 0.1, overlapAnswers: 3 });
    expect(readOverlap(" 12,5 ", "2")).toEqual({ ok: true, overlapShare: 0.125, overlapAnswers: 2 });
    expect(readOverlap("0", "2")).toEqual({ ok: true, overlapShare: 0, overlapAnswers: 2 });
    expect(readOverlap("100", "10")).toEqual({ ok: true, overlapShare: 1, overlapAnswers: 10 });
  });

  it("says in plain words what is wrong", () => {
    for (const p of ["", "-1", "101", "ten"]) expect(readOverlap(p, "2")).toEqual({ ok: false, field: "share", problem: "Give the share as a percentage from 0 to 100." });
    for (const n of ["", "1", "11", "2.5", "x"]) expect(readOverlap("10", n)).toEqual({ ok: false, field: "people", problem: "Give the number of people as a whole number from 2 to 10." });
  });

  it("confirms what was saved", () => {
    expect(overlapSaved(0.1, 3)).toBe("Saved: 10% of documents will be labelled by 3 different people each.");
    expect(overlapSaved(0, 2)).toContain("one person only");
  });
});
