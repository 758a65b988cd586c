import { describe, expect, it } from "vitest";
import { FIT_SHARE, fitView, insidePolygon, isLasso, PointGrid, pointsInside, toMap, toScreen } from "./lasso";

describe("the map's geometry", () => {
  it("fits the whole map in the canvas's smaller side, with a margin", () => {
    const view = fitView(800, 500);
    expect(view.target).toEqual([0, 0]);
    expect(2 ** view.zoom).toBeCloseTo((500 * FIT_SHARE) / 2);
    const close = (a: [number, number], b: [number, number]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]));
    close(toScreen(view, 800, 500, 1, 1), [400 + 225, 250 - 225]);
    close(toScreen(view, 800, 500, -1, -1), [400 - 225, 250 + 225]);
  });

  it("turns screen pixels back into map points", () => {
    const view = { target: [0.3, -0.2] as [number, number], zoom: 7.5 };
    const [px, py] = toScreen(view, 640, 480, 0.12, 0.8);
    const [x, y] = toMap(view, 640, 480, px, py);
    expect(x).toBeCloseTo(0.12);
    expect(y).toBeCloseTo(0.8);
  });

  it("finds the points inside a polygon, a concave one too", () => {
    // An L shape: the square [0, 2]² without its top-right quarter.
    const l: [number, number][] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]];
    expect(insidePolygon(l, 0.5, 0.5)).toBe(true);
    expect(insidePolygon(l, 1.5, 0.5)).toBe(true);
    expect(insidePolygon(l, 0.5, 1.5)).toBe(true);
    expect(insidePolygon(l, 1.5, 1.5)).toBe(false);
    expect(insidePolygon(l, 3, 0.5)).toBe(false);
    const xs = [0.5, 1.5, 0.5, 1.5, -1];
    const ys = [0.5, 0.5, 1.5, 1.5, 0];
    expect(pointsInside(xs, ys, l)).toEqual([0, 1, 2]);
    expect(pointsInside(xs, ys, [[0, 0], [1, 1]])).toEqual([]);
  });

  it("takes a tiny drawing for a click", () => {
    expect(isLasso([[0, 0], [1, 1], [2, 0]])).toBe(false);
    expect(isLasso([[0, 0], [10, 1], [2, 8]])).toBe(true);
    expect(isLasso([[0, 0], [10, 10]])).toBe(false);
  });

  it("chooses among 100,000 points quickly", () => {
    const n = 100_000;
    const xs = new Float32Array(n), ys = new Float32Array(n);
    let s = 1;
    const next = () => { s = (s * 16807) % 2147483647; return (s / 2147483647) * 2 - 1; };
    for (let i = 0; i < n; i++) { xs[i] = next(); ys[i] = next(); }
    const start = performance.now();
    const inside = pointsInside(xs, ys, [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]]);
    expect(performance.now() - start).toBeLessThan(200);
    expect(inside.length / n).toBeGreaterThan(0.23);
    expect(inside.length / n).toBeLessThan(0.27);
  });

  it("finds the point under the pointer within a radius, as a search through all of them would", () => {
    const n = 5000;
    const xs = new Float32Array(n), ys = new Float32Array(n);
    let s = 7;
    const next = () => { s = (s * 16807) % 2147483647; return (s / 2147483647) * 2 - 1; };
    for (let i = 0; i < n; i++) { xs[i] = next(); ys[i] = next() * 0.5; }
    const grid = new PointGrid(xs, ys);
    for (let q = 0; q < 300; q++) {
      const x = next() * 1.1, y = next() * 0.6, r = 0.01 + Math.abs(next()) * 0.05;
      let want = -1, best = r * r;
      for (let i = 0; i < n; i++) {
        const d = (xs[i] - x) ** 2 + (ys[i] - y) ** 2;
        if (d < best) { best = d; want = i; }
      }
      expect(grid.nearest(x, y, r)).toBe(want);
    }
    expect(new PointGrid([], []).nearest(0, 0, 1)).toBe(-1);
    expect(new PointGrid([0.5], [0.5]).nearest(0.5, 0.52, 0.05)).toBe(0);
    expect(new PointGrid([0.5], [0.5]).nearest(0.5, 0.6, 0.05)).toBe(-1);
  });
});
