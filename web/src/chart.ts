// The learning curve's geometry and the model tab's number formats: pure functions, drawn by views/model.ts.
import type { TrainingRun } from "./api/client";

export interface CurvePoint {
  /** Labelled documents the model learnt from. */
  labels: number;
  accuracy: number;
  macroF1: number | null;
  /** Standard deviation of the accuracy across the cross-validation folds. */
  sd: number | null;
}

/** The curve's points: succeeded runs with figures, one per label count (the latest run wins), by label count. */
export function curvePoints(runs: readonly TrainingRun[]): CurvePoint[] {
  const byLabels = new Map<number, CurvePoint>();
  for (const run of runs) {
    if (run.status !== "succeeded" || run.accuracy === null) continue;
    byLabels.set(run.labels, { labels: run.labels, accuracy: run.accuracy, macroF1: run.macroF1, sd: run.accuracySd });
  }
  return [...byLabels.values()].sort((a, b) => a.labels - b.labels);
}

/** Round tick values (steps of 1, 2 or 5 × 10ⁿ, at least `minStep`) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5, minStep = 0): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(minStep, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART: ChartBox = { width: 640, height: 260, left: 56, right: 16, top: 12, bottom: 46 };

export interface Tick {
  value: number;
  at: number;
}

export interface CurveGeometry {
  xTicks: Tick[];
  yTicks: Tick[];
  /** SVG path data; empty when there is nothing to draw. */
  accuracy: string;
  macroF1: string;
  /** The closed ±sd band around the accuracy line, clipped to 0–100 %. */
  band: string;
  /** Where each point lands, for dots. */
  dots: { x: number; accuracy: number; macroF1: number | null }[];
}

const round = (v: number) => Math.round(v * 10) / 10;

/** Path data through points, "M x y L x y …"; a gap in the values (null) starts a new piece. */
export function pathData(points: readonly (readonly [number, number | null])[]): string {
  const parts: string[] = [];
  let pen = false;
  for (const [x, y] of points) {
    if (y === null) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? "L" : "M"}${round(x)} ${round(y)}`);
    pen = true;
  }
  return parts.join(" ");
}

/** Places the curve in the box: x from the fewest to the most labels, y from 0 to 1 (bottom to top). */
export function curveGeometry(points: readonly CurvePoint[], box: ChartBox = CHART): CurveGeometry {
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const first = points.length ? points[0].labels : 0;
  const last = points.length ? points[points.length - 1].labels : 1;
  const lo = first === last ? first - 1 : first;
  const hi = first === last ? last + 1 : last;
  const xOf = (labels: number) => x0 + ((labels - lo) / (hi - lo)) * (x1 - x0);
  const yOf = (score: number) => y0 - Math.min(1, Math.max(0, score)) * (y0 - y1);

  const xTicks = niceTicks(lo, hi, 6, 1).filter((t) => t >= lo && t <= hi).map((value) => ({ value, at: round(xOf(value)) }));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, at: round(yOf(value)) }));
  const upper = points.map((p) => [xOf(p.labels), yOf(p.accuracy + (p.sd ?? 0))] as const);
  const lower = points.map((p) => [xOf(p.labels), yOf(p.accuracy - (p.sd ?? 0))] as const).reverse();
  return {
    xTicks,
    yTicks,
    accuracy: pathData(points.map((p) => [xOf(p.labels), yOf(p.accuracy)])),
    macroF1: pathData(points.map((p) => [xOf(p.labels), p.macroF1 === null ? null : yOf(p.macroF1)])),
    band: points.length > 1 && points.some((p) => p.sd) ? `${pathData([...upper, ...lower])} Z` : "",
    dots: points.map((p) => ({ x: round(xOf(p.labels)), accuracy: round(yOf(p.accuracy)), macroF1: p.macroF1 === null ? null : round(yOf(p.macroF1)) })),
  };
}

/** 0.8732 → "87%"; null → "–". */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : `${Math.round(value * 100)}%`;
}

/** An accuracy with its spread: "87% ± 4%". */
export function withSpread(value: number | null | undefined, sd: number | null | undefined): string {
  return sd === null || sd === undefined || value === null || value === undefined ? percent(value) : `${percent(value)} ± ${percent(sd)}`;
}

/** How long ago a time was, in words: "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
export function ago(when: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - when.getTime()) / 1000));
  if (seconds < 45) return "just now";
  const [amount, unit] = seconds < 3600 ? [Math.round(seconds / 60), "minute"] : seconds < 86400 ? [Math.round(seconds / 3600), "hour"] : [Math.round(seconds / 86400), "day"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"} ago`;
}

/** How strongly to shade a confusion-matrix cell: its share of the row (the documents with that true label), 0–1. */
export function cellShade(count: number, rowTotal: number): number {
  return rowTotal > 0 ? Math.min(1, Math.max(0, count / rowTotal)) : 0;
}
