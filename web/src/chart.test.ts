import { describe, expect, it } from "vitest";
import type { TrainingRun } from "./api/client";
import { ago, CHART, cellShade, curveGeometry, curvePoints, niceTicks, pathData, percent, withSpread } from "./chart";

const run = (labels: number, accuracy: number | null, extra: Partial<TrainingRun> = {}): TrainingRun => ({
  version: labels, labels, accuracy, macroF1: accuracy === null ? null : accuracy - 0.1, accuracySd: accuracy === null ? null : 0.05,
  finishedAt: "2026-01-01T00:00:00Z", status: "succeeded", trainingMs: 10, error: null, ...extra,
});

describe("learning curve points", () => {
  it("keeps succeeded runs with figures, one per label count (the latest), in label order", () => {
    const points = curvePoints([run(12, 0.8), run(2, null), run(10, 0.7), run(12, 0.9), run(13, 0.95, { status: "failed" })]);
    expect(points).toEqual([
      { labels: 10, accuracy: 0.7, macroF1: 0.6, sd: 0.05 },
      { labels: 12, accuracy: 0.9, macroF1: expect.closeTo(0.8, 10), sd: 0.05 },
    ]);
  });
});

describe("ticks", () => {
  it("uses round steps of 1, 2 or 5 × 10ⁿ within the range", () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(10, 37, 6)).toEqual([10, 15, 20, 25, 30, 35]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
  });

  it("never steps below the minimum step (whole label counts)", () => {
    expect(niceTicks(10, 12, 6, 1)).toEqual([10, 11, 12]);
  });

  it("gives one tick for an empty range", () => {
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

describe("curve geometry", () => {
  const { left, right, top, bottom, width, height } = CHART;
  const x0 = left;
  const x1 = width - right;
  const yBottom = height - bottom;

  it("puts the fewest labels at the left edge, the most at the right, 0 % at the bottom and 100 % at the top", () => {
    const g = curveGeometry([{ labels: 10, accuracy: 0, macroF1: 1, sd: null }, { labels: 20, accuracy: 1, macroF1: 0.5, sd: null }]);
    expect(g.accuracy).toBe(`M${x0} ${yBottom} L${x1} ${top}`);
    expect(g.macroF1).toBe(`M${x0} ${top} L${x1} ${(yBottom + top) / 2}`);
    expect(g.yTicks.map((t) => t.at)).toEqual([yBottom, yBottom - (yBottom - top) / 4, (yBottom + top) / 2, top + (yBottom - top) / 4, top]);
    expect(g.xTicks[0]).toEqual({ value: 10, at: x0 });
    expect(g.xTicks[g.xTicks.length - 1]).toEqual({ value: 20, at: x1 });
    expect(g.band).toBe("");
  });

  it("draws the ±sd band above then below the accuracy line, clipped to 0–100 %", () => {
    const g = curveGeometry([{ labels: 10, accuracy: 0.5, macroF1: null, sd: 0.25 }, { labels: 20, accuracy: 0.9, macroF1: null, sd: 0.2 }]);
    const y = (v: number) => Math.round((yBottom - v * (yBottom - top)) * 10) / 10;
    expect(g.band).toBe(`M${x0} ${y(0.75)} L${x1} ${y(1)} L${x1} ${y(0.7)} L${x0} ${y(0.25)} Z`);
    expect(g.macroF1).toBe("");
  });

  it("centres a single point and draws it as a dot", () => {
    const g = curveGeometry([{ labels: 12, accuracy: 0.5, macroF1: 0.5, sd: 0.1 }]);
    expect(g.dots).toHaveLength(1);
    expect(g.dots[0].x).toBe((x0 + x1) / 2);
    expect(g.xTicks.map((t) => t.value)).toEqual([11, 12, 13]);
  });

  it("breaks a line where a value is missing", () => {
    expect(pathData([[0, 1], [1, null], [2, 3], [3, 4]])).toBe("M0 1 M2 3 L3 4");
  });
});

describe("formats", () => {
  it("shows scores as whole percentages, with the spread when known", () => {
    expect(percent(0.8732)).toBe("87%");
    expect(percent(1)).toBe("100%");
    expect(percent(null)).toBe("–");
    expect(withSpread(0.8732, 0.041)).toBe("87% ± 4%");
    expect(withSpread(0.8732, null)).toBe("87%");
  });

  it("says how long ago in words", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    expect(ago(before(10), now)).toBe("just now");
    expect(ago(before(60), now)).toBe("1 minute ago");
    expect(ago(before(5 * 60), now)).toBe("5 minutes ago");
    expect(ago(before(2 * 3600), now)).toBe("2 hours ago");
    expect(ago(before(3 * 86400), now)).toBe("3 days ago");
    expect(ago(new Date(now.getTime() + 5000), now)).toBe("just now");
  });

  it("shades a confusion cell by its share of the row", () => {
    expect(cellShade(3, 4)).toBe(0.75);
    expect(cellShade(0, 4)).toBe(0);
    expect(cellShade(0, 0)).toBe(0);
  });
});
