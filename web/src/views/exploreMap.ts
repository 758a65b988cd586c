// The corpus map: deck.gl (WebGL) draws the documents' points with pan and zoom; the dot under the pointer is found
// here, on the CPU (lasso.ts's PointGrid: no GPU picking, whose read-back stalls), and the lasso is drawn here, over
// the canvas, and resolved by lasso.ts. deck.gl needs no `eval` (regl, under regl-scatterplot, compiles its draw calls
// with `Function`, which Tagloop's Content-Security-Policy forbids). Texts are never drawn here: the view shows them.
import { Deck, OrthographicView } from "@deck.gl/core";
import { ScatterplotLayer } from "@deck.gl/layers";
import { h, svg } from "../dom";
import { fitView, isLasso, PointGrid, pointsInside, toMap, type MapView } from "../lasso";

/** The map's height at most and at least, in CSS pixels. */
const MAX_HEIGHT = 560;
const MIN_HEIGHT = 300;

export interface MapEvents {
  /** Points chosen (by the lasso or a click), as indices into the drawn points; [] when let go. */
  onSelect(indices: number[]): void;
  /** The pointer rests on a point (its index), or on none (null). */
  onHover(index: number | null): void;
}

export interface CorpusMap {
  /** The map's element: its canvas and the lasso's layer in a frame. */
  element: HTMLElement;
  /** Draws the points (coordinates in [-1, 1]) in these colours; keeps the view, and the choice when `samePoints`. */
  draw(xs: Float32Array, ys: Float32Array, colours: Uint8Array, samePoints: boolean): void;
  /** Chooses these points without telling `onSelect`. */
  pick(indices: number[]): void;
  /** Lets a plain drag draw a lasso (true) or move the map (false). Shift + drag always draws one. */
  lassoMode(on: boolean): void;
  /** Back to the whole map. */
  resetView(): void;
  destroy(): void;
}

/** Whether this browser can draw WebGL 2 (deck.gl needs it). */
export function webglAvailable(): boolean {
  try {
    return Boolean(document.createElement("canvas").getContext("webgl2"));
  } catch {
    return false;
  }
}

/** A dot's radius in pixels: a few dozen points stay visible, 100,000 stay readable. */
export function radiusFor(count: number): number {
  return count < 500 ? 5 : count < 5000 ? 3.5 : count < 30000 ? 2.5 : 1.6;
}

const CHOSEN_OUTLINE: [number, number, number, number] = [17, 24, 39, 255];
/** Chosen dots get an outline while there are at most this many. */
const OUTLINED_AT_MOST = 1500;

/** Makes the map; call `draw` once its element is on the page (it takes the frame's width). */
export function corpusMap(events: MapEvents): CorpusMap {
  const canvas = h("canvas", { class: "explore-canvas", testid: "explore-canvas", "aria-label": "Map of the documents: each dot is a document; documents that read alike are close together." });
  const path = svg("polygon", { class: "explore-lasso-path", points: "" });
  const overlay = svg("svg", { class: "explore-lasso", "aria-hidden": "true" }, path);
  const element = h("div", { class: "explore-map-frame", testid: "explore-map" }, canvas, overlay);
  let deck: Deck<OrthographicView> | null = null;
  let view: MapView = { target: [0, 0], zoom: 0 };
  let size = { width: 0, height: 0 };
  let xs: Float32Array = new Float32Array(0);
  let ys: Float32Array = new Float32Array(0);
  let colours: Uint8Array = new Uint8Array(0);
  let chosen: number[] = [];
  let hovered = -1;
  let grid = new PointGrid([], []);
  let colourVersion = 0;
  let placeVersion = 0;
  let lassoOn = false;
  let destroyed = false;
  let observer: ResizeObserver | null = null;

  const measure = () => {
    const width = Math.max(200, Math.floor(element.clientWidth || 600));
    const height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, width));
    element.style.height = `${height}px`;
    return { width, height };
  };

  const layers = () => {
    const faded = chosen.length > 0;
    const count = xs.length;
    const radius = radiusFor(count);
    const all = new ScatterplotLayer<number>({
      id: "documents",
      data: { length: count } as unknown as number[],
      getPosition: (_: unknown, { index }: { index: number }) => [xs[index], ys[index]],
      getFillColor: (_: unknown, { index }: { index: number }) =>
        [colours[index * 4], colours[index * 4 + 1], colours[index * 4 + 2], faded ? 120 : 235],
      radiusUnits: "pixels",
      getRadius: radius,
      pickable: false,
      updateTriggers: { getPosition: placeVersion, getFillColor: [colourVersion, faded] },
    });
    const picked = new ScatterplotLayer<number>({
      id: "chosen",
      data: chosen,
      getPosition: (i: number) => [xs[i], ys[i]],
      getFillColor: (i: number) => [colours[i * 4], colours[i * 4 + 1], colours[i * 4 + 2], 255],
      getLineColor: CHOSEN_OUTLINE,
      // Outlines pick out a few chosen dots; thousands of them would merge into dark blots.
      stroked: chosen.length <= OUTLINED_AT_MOST,
      lineWidthUnits: "pixels",
      getLineWidth: 1.5,
      radiusUnits: "pixels",
      getRadius: radius + (chosen.length <= OUTLINED_AT_MOST ? 1.5 : 0.5),
      pickable: false,
      updateTriggers: { getPosition: placeVersion, getFillColor: colourVersion },
    });
    const pointed = new ScatterplotLayer<number>({
      id: "pointed",
      data: hovered >= 0 && hovered < count ? [hovered] : [],
      getPosition: (i: number) => [xs[i], ys[i]],
      getFillColor: [17, 24, 39, 255],
      getLineColor: [255, 255, 255, 255],
      stroked: true,
      lineWidthUnits: "pixels",
      getLineWidth: 1.5,
      radiusUnits: "pixels",
      getRadius: radius + 2.5,
      pickable: false,
      updateTriggers: { getPosition: [placeVersion, hovered] },
    });
    return [all, picked, pointed];
  };

  const render = () => deck?.setProps({ layers: layers() });

  const ensure = () => {
    if (deck) return;
    size = measure();
    view = fitView(size.width, size.height);
    deck = new Deck<OrthographicView>({
      canvas,
      width: "100%",
      height: "100%",
      views: new OrthographicView({ id: "map", flipY: false }),
      viewState: { ...view, minZoom: view.zoom - 2, maxZoom: view.zoom + 12 },
      controller: { dragPan: true, scrollZoom: true, doubleClickZoom: false, keyboard: false },
      onViewStateChange: ({ viewState }) => {
        const next = viewState as { target: [number, number]; zoom: number };
        view = { target: [next.target[0], next.target[1]], zoom: next.zoom };
        deck?.setProps({ viewState });
      },
      onAfterRender: () => {
        if (xs.length) element.dataset.drawn = String(xs.length);
      },
      getTooltip: null,
      layers: layers(),
    });
    observer = new ResizeObserver(() => {
      if (!deck || destroyed) return;
      size = measure();
    });
    observer.observe(element);
  };

  // ---- the lasso: Shift + drag (or a plain drag in lasso mode), drawn over the canvas ----
  let lasso: [number, number][] | null = null;
  const local = (event: PointerEvent): [number, number] => {
    const box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const drawPath = () => path.setAttribute("points", (lasso ?? []).map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" "));
  /** The dot within reach of canvas pixel (px, py), or −1. */
  const under = (px: number, py: number): number => {
    const [x, y] = toMap(view, size.width, size.height, px, py);
    return grid.nearest(x, y, (radiusFor(xs.length) + 3) / 2 ** view.zoom);
  };
  const setHover = (index: number) => {
    if (index === hovered) return;
    hovered = index;
    render();
    events.onHover(index >= 0 ? index : null);
  };
  let pending: [number, number] | null = null;
  let frame = 0;
  let pressedAt: [number, number] | null = null;
  const onDown = (event: PointerEvent) => {
    if (event.button === 0 && !(event.shiftKey || lassoOn)) pressedAt = local(event);
    if (event.button !== 0 || !(event.shiftKey || lassoOn) || !deck) return;
    // Before deck.gl sees it: this drag draws, it does not move the map.
    event.stopPropagation();
    event.preventDefault();
    lasso = [local(event)];
    element.setPointerCapture?.(event.pointerId);
    drawPath();
  };
  const onMove = (event: PointerEvent) => {
    if (!lasso) {
      // Hovering (no button down): look once a frame for the dot under the pointer.
      if (event.buttons !== 0) return;
      pending = local(event);
      if (!frame) frame = requestAnimationFrame(() => {
        frame = 0;
        if (pending && !destroyed) setHover(under(...pending));
      });
      return;
    }
    event.stopPropagation();
    const [x, y] = local(event);
    const [lx, ly] = lasso[lasso.length - 1];
    if (Math.hypot(x - lx, y - ly) >= 2) {
      lasso.push([x, y]);
      drawPath();
    }
  };
  const onUp = (event: PointerEvent) => {
    if (!lasso) {
      // A click (pressed and let go on the spot) on a dot chooses it.
      const from = pressedAt;
      pressedAt = null;
      if (!from || event.button !== 0) return;
      const at = local(event);
      if (Math.hypot(at[0] - from[0], at[1] - from[1]) > 4) return;
      const index = under(...at);
      if (index < 0) return;
      chosen = [index];
      render();
      events.onSelect([...chosen]);
      return;
    }
    event.stopPropagation();
    const drawn = lasso;
    lasso = null;
    drawPath();
    if (!isLasso(drawn)) return;
    const polygon = drawn.map(([px, py]) => toMap(view, size.width, size.height, px, py));
    chosen = pointsInside(xs, ys, polygon);
    render();
    events.onSelect([...chosen]);
  };
  element.addEventListener("pointerdown", onDown, { capture: true });
  element.addEventListener("pointermove", onMove, { capture: true });
  element.addEventListener("pointerup", onUp, { capture: true });
  element.addEventListener("pointercancel", () => { lasso = null; pressedAt = null; drawPath(); }, { capture: true });
  element.addEventListener("pointerleave", () => { pending = null; setHover(-1); });
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape" && chosen.length && !event.defaultPrevented && !(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement)) {
      chosen = [];
      render();
      events.onSelect([]);
    }
  };
  document.addEventListener("keydown", onKey);
  element.addEventListener("dblclick", () => {
    if (!chosen.length) return;
    chosen = [];
    render();
    events.onSelect([]);
  });

  return {
    element,
    draw(nextXs, nextYs, nextColours, samePoints) {
      if (destroyed) return;
      const keep = samePoints && nextXs.length === xs.length;
      xs = nextXs;
      ys = nextYs;
      colours = nextColours;
      if (!keep) {
        chosen = [];
        hovered = -1;
        grid = new PointGrid(xs, ys);
      }
      colourVersion += 1;
      placeVersion += keep ? 0 : 1;
      ensure();
      render();
    },
    pick(indices) {
      chosen = [...indices];
      render();
    },
    lassoMode(on) {
      lassoOn = on;
      element.classList.toggle("drawing", on);
    },
    resetView() {
      if (!deck) return;
      view = fitView(size.width, size.height);
      deck.setProps({ viewState: { ...view, minZoom: view.zoom - 2, maxZoom: view.zoom + 12 } });
    },
    destroy() {
      destroyed = true;
      cancelAnimationFrame(frame);
      observer?.disconnect();
      document.removeEventListener("keydown", onKey);
      deck?.finalize();
      deck = null;
    },
  };
}
