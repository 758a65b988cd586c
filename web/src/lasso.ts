// The map's geometry, pure: where a point of the map is on the screen for a view, the view that shows the whole map,
// and which points a lasso (a polygon drawn on the screen) goes round. No DOM here.

/** A view of the map: the map point at the canvas's centre and the zoom (2^zoom pixels per map unit). */
export interface MapView {
  target: [number, number];
  zoom: number;
}

/**
 * The map's points span [-1, 1]; the whole-map view shows that square at this share of the canvas's smaller side, so
 * that the outermost points keep a margin from the edge.
 */
export const FIT_SHARE = 0.9;

/** The view that shows the whole map in a canvas of `width` × `height` CSS pixels. */
export function fitView(width: number, height: number): MapView {
  const side = Math.max(1, Math.min(width, height));
  return { target: [0, 0], zoom: Math.log2((side * FIT_SHARE) / 2) };
}

/** Where map point (x, y) is on a `width` × `height` canvas (y grows upwards on the map, downwards on the screen). */
export function toScreen(view: MapView, width: number, height: number, x: number, y: number): [number, number] {
  const scale = 2 ** view.zoom;
  return [width / 2 + (x - view.target[0]) * scale, height / 2 - (y - view.target[1]) * scale];
}

/** The map point under canvas pixel (px, py). */
export function toMap(view: MapView, width: number, height: number, px: number, py: number): [number, number] {
  const scale = 2 ** view.zoom;
  return [view.target[0] + (px - width / 2) / scale, view.target[1] - (py - height / 2) / scale];
}

/** Whether (x, y) is inside the polygon (even-odd rule; a point on an edge may fall either way). */
export function insidePolygon(polygon: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The indices of the points inside a polygon given in map coordinates; fewer than three corners go round nothing.
 * The polygon's bounding box is checked first, so 100,000 points take a few milliseconds.
 */
export function pointsInside(xs: ArrayLike<number>, ys: ArrayLike<number>, polygon: readonly (readonly [number, number])[]): number[] {
  if (polygon.length < 3) return [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of polygon) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (insidePolygon(polygon, x, y)) out.push(i);
  }
  return out;
}

/** Whether a drawn lasso is big enough to mean a choice rather than a click (its box at least 4 pixels across). */
export function isLasso(screen: readonly (readonly [number, number])[]): boolean {
  if (screen.length < 3) return false;
  const xs = screen.map((p) => p[0]), ys = screen.map((p) => p[1]);
  return Math.max(...xs) - Math.min(...xs) >= 4 || Math.max(...ys) - Math.min(...ys) >= 4;
}

/**
 * The points bucketed in a square grid over their extent, to find the one under the pointer without asking the GPU
 * (picking reads pixels back, which stalls it, and software WebGL most of all).
 */
export class PointGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly minX: number;
  private readonly minY: number;
  private readonly size: number;
  private readonly columns: number;

  constructor(private readonly xs: ArrayLike<number>, private readonly ys: ArrayLike<number>) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < xs.length; i++) {
      minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]);
      minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
    }
    if (xs.length === 0) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    // About four points a cell on average.
    const side = Math.max(1, Math.ceil(Math.sqrt(xs.length / 4)));
    this.size = Math.max(maxX - minX, maxY - minY, 1e-9) / side;
    this.columns = side + 1;
    for (let i = 0; i < xs.length; i++) {
      const key = this.key(this.cell(xs[i], this.minX), this.cell(ys[i], this.minY));
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private cell(v: number, min: number): number {
    return Math.floor((v - min) / this.size);
  }

  private key(cx: number, cy: number): number {
    return cy * (this.columns + 2) + cx;
  }

  /** The point nearest (x, y) no farther than `radius`, or −1; the lower index wins a tie. */
  nearest(x: number, y: number, radius: number): number {
    const reach = Math.ceil(radius / this.size);
    const cx = this.cell(x, this.minX), cy = this.cell(y, this.minY);
    let best = -1, bestD = radius * radius;
    for (let gy = Math.max(0, cy - reach); gy <= Math.min(this.columns, cy + reach); gy++) {
      for (let gx = Math.max(0, cx - reach); gx <= Math.min(this.columns, cx + reach); gx++) {
        for (const i of this.cells.get(this.key(gx, gy)) ?? []) {
          const dx = this.xs[i] - x, dy = this.ys[i] - y;
          const d = dx * dx + dy * dy;
          if (d < bestD || (d === bestD && (best < 0 || i < best))) {
            best = i;
            bestD = d;
          }
        }
      }
    }
    return best;
  }
}
