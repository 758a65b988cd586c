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
