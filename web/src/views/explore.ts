// The Explore tab: the corpus as a map (each dot a document, alike ones close), coloured by answer, guess, sureness or
// group; a lasso to choose dots and label them or queue them; the groups nobody has named and the documents unlike
// anything labelled (views/exploreGroups.ts). Every text from the project is shown as text only.
import { api, ApiError, isAbort } from "../api/client";
import type { Cluster, Clusters, MapPage, MapPoint, Novelty } from "../api/explore";
import { allows } from "../auth";
import { chip, h, replace } from "../dom";
import {
  bulkDone, bulkSentence, COLOUR_MODES, colouring, excerpt, indicesIn, joinPages, labelColours, MAP_PAGE_SIZE, MAX_AT_ONCE, pageCount, POLL_MS,
  rgba, selectionWords, summarise, tooMany, unlabelledIn, waitingWords, type ColourMode,
} from "../explore";
import { failure, statusLine } from "./accountParts";
import { confirmBox, focusConfirm } from "./confirm";
import { groupsPanel, noveltyPanel, swatch, type GroupActions } from "./exploreGroups";
import { corpusMap, webglAvailable } from "./exploreMap";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";
import "./explore.css";

const FIRST_TEXTS = 3;
const BROWSE_PAGE = 20;
const NOVEL_LIMIT = 20;
/** How long the pointer rests on a dot before its text is read, in milliseconds. */
const HOVER_MS = 120;

/** The Explore tab. Returns its teardown (stops polling, frees the map). */
export function exploreView(body: HTMLElement, context: ProjectContext): () => void {
  const { project } = context;
  const id = project.id;
  const canQueue = allows(context.role, "annotator");
  const canBulk = canQueue && project.task !== "span-tagging";
  let alive = true;
  /** The least time between two reloads that follow other people's answers and new models. */
  const FOLLOW_MS = 10_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let points: MapPoint[] = [];
  let version = -1;
  let k: number | undefined;
  let groups = 0;
  let mode: ColourMode = "answer";
  let selected: number[] = [];
  /** The label last picked for labelling a choice in one go, kept while the choice is redrawn. */
  let bulkLabel = "";
  const texts = new Map<number, string>();
  let hoverAbort: AbortController | undefined;
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;

  // ---- the waiting message ----
  const waiting = h("div", { class: "explore-waiting", testid: "explore-waiting", role: "status", "aria-live": "polite", hidden: true });
  const problem = h("p", { class: "status error", testid: "explore-problem", hidden: true });

  // ---- the map and its legend ----
  const hasWebgl = webglAvailable();
  const map = corpusMap({ onSelect: (indices) => showSelection(indices), onHover: (index) => hover(index) });
  const legend = h("ul", { class: "explore-legend", testid: "explore-legend" });
  const explain = h("p", { class: "small muted", testid: "explore-explain" });
  const modeButtons = COLOUR_MODES.map(({ mode: m, title }) =>
    h("button", { type: "button", class: m === mode ? "button small on" : "button small", "aria-pressed": m === mode ? "true" : "false", testid: `explore-colour-${m}`, onclick: () => setMode(m) }, title) as HTMLButtonElement);
  const lassoToggle = h("button", { type: "button", class: "button small", testid: "explore-lasso-mode", "aria-pressed": "false", onclick: () => {
    const on = lassoToggle.getAttribute("aria-pressed") !== "true";
    lassoToggle.setAttribute("aria-pressed", on ? "true" : "false");
    lassoToggle.classList.toggle("on", on);
    replace(lassoToggle, on ? "Drawing: drag around dots" : "Draw to choose");
    map.lassoMode(on);
  } }, "Draw to choose") as HTMLButtonElement;
  const mapColumn = h("div", { class: "explore-map-col", hidden: true },
    h("div", { class: "explore-toolbar" },
      h("span", { class: "muted small" }, "Colour by:"),
      h("div", { class: "explore-modes", role: "group", "aria-label": "Colour the dots by" }, ...modeButtons),
      h("span", { class: "spacer" }),
      lassoToggle,
      h("button", { type: "button", class: "button small quiet", testid: "explore-reset-view", onclick: () => map.resetView() }, "Whole map")),
    hasWebgl ? map.element : h("p", { class: "status error", testid: "explore-no-webgl" }, "This browser cannot draw the map (it needs WebGL 2). The groups below work without it."),
    explain, legend,
    h("p", { class: "small muted" }, "Drag to move the map, scroll to zoom. To choose documents, hold Shift and draw around their dots (or press “Draw to choose”). Double-click an empty spot or press Esc to let go."));

  // ---- beside the map: the document under the pointer, the choice ----
  const hoverBox = h("div", { class: "explore-hover", testid: "explore-hover", "aria-live": "polite" }, h("p", { class: "muted small" }, "Point at a dot to read its document."));
  const selectionBox = h("div", { class: "explore-selection", testid: "explore-selection" });
  const selectionStatus = statusLine("explore-selection-status");
  const browseBox = h("div", { class: "explore-browse", testid: "explore-browse-list" });
  const side = h("aside", { class: "explore-side", hidden: true },
    h("h2", {}, "Chosen documents"), selectionBox, selectionStatus.el, browseBox,
    h("h2", {}, "Under the pointer"), hoverBox);

  const queueAndGo = async (documentIds: number[], show: (text: string, kind?: "ok" | "error") => void) => {
    try {
      const ids = documentIds.slice(0, MAX_AT_ONCE);
      const focused = await api.focusQueue(id, ids);
      show(`${plural(focused.queued, "document")} put first in your queue.`, "ok");
      if (alive) location.hash = `#/projects/${id}/annotate`;
    } catch (error) {
      show(failure("Not put in the queue", error), "error");
    }
  };

  const actions: GroupActions = {
    projectId: id,
    labels: project.labels,
    canQueue,
    canAddLabel: allows(context.role, "owner"),
    canWriteRule: allows(context.role, "reviewer"),
    highlight: (cluster: Cluster) => {
      const indices = indicesIn(points, cluster.id);
      map.pick(indices);
      showSelection(indices);
      map.element.scrollIntoView({ block: "nearest", behavior: "smooth" });
    },
    unlabelledOf: (cluster: Cluster) => unlabelledIn(points, cluster.id),
    regroup: (next) => {
      k = next;
      void refresh(true);
    },
    queue: queueAndGo,
  };
  const groupsList = groupsPanel(actions);
  const novelList = noveltyPanel(actions);

  replace(body, h("div", { class: "explore", testid: "explore" },
    h("p", { class: "explore-intro" }, "Your documents as a map: each dot is a document, and documents that read alike sit close together. Look for groups, choose some dots, and label them together."),
    problem, waiting,
    h("div", { class: "explore-main" }, mapColumn, side),
    h("div", { class: "explore-lists" }, groupsList.element, novelList.element)));

  function setMode(next: ColourMode): void {
    mode = next;
    modeButtons.forEach((b, i) => {
      const on = COLOUR_MODES[i].mode === next;
      b.classList.toggle("on", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    paintMap(true);
  }

  function paintMap(samePoints: boolean): void {
    const c = colouring(points, mode, project.labels, groups);
    replace(explain, c.explain);
    replace(legend, ...c.legend.map((l) => h("li", {}, swatch(l.colour), l.words, h("span", { class: "muted" }, ` ${count(l.count)}`))));
    if (!hasWebgl) return;
    const xs = Float32Array.from(points, (p) => p.x);
    const ys = Float32Array.from(points, (p) => p.y);
    try {
      map.draw(xs, ys, rgba(c.categories, c.palette), samePoints);
    } catch (error) {
      showProblem(`The map could not be drawn: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function showProblem(text: string | null): void {
    problem.hidden = !text;
    replace(problem, text ?? "");
  }

  // ---- hovering: the document's text, fetched once ----
  function hover(index: number | null): void {
    if (index === null) return;
    const p = points[index];
    if (!p) return;
    const meta = h("p", { class: "small muted" }, `Document #${p.documentId}`,
      p.answer ? h("span", {}, " · labelled ", chip(p.answer, labelColours(project.labels).get(p.answer))) : " · not labelled yet",
      !p.answer && p.prediction ? ` · the model guesses “${p.prediction}”${p.confidence === null ? "" : ` (${Math.round(p.confidence * 100)}% sure)`}` : "");
    const text = h("p", { class: "explore-text", testid: "explore-hover-text" }, excerpt(texts.get(p.documentId) ?? "…", 1200));
    replace(hoverBox, meta, text, h("a", { href: `#/projects/${id}/documents/${p.documentId}`, class: "small" }, "Open the document"));
    hoverAbort?.abort();
    clearTimeout(hoverTimer);
    if (texts.has(p.documentId)) return;
    const controller = new AbortController();
    hoverAbort = controller;
    // Read once the pointer rests: sweeping over many dots asks for none of them.
    hoverTimer = setTimeout(() => void api.documentFor(id, p.documentId, controller.signal).then((d) => {
      texts.set(p.documentId, d.text);
      if (!controller.signal.aborted) replace(text, excerpt(d.text, 1200));
    }).catch((error) => {
      if (!isAbort(error)) replace(text, failure("The text could not be read", error));
    }), HOVER_MS);
  }

  async function textOf(documentId: number): Promise<string> {
    const known = texts.get(documentId);
    if (known !== undefined) return known;
    const d = await api.document(id, documentId);
    texts.set(documentId, d.text);
    return d.text;
  }

  // ---- the choice ----
  /** Shows what is chosen; `keep`: the same choice after a reload, whose message and list stay. */
  function showSelection(indices: number[], keep = false): void {
    selected = indices;
    const status = selectionStatus;
    if (!keep) {
      replace(browseBox);
      status.show("");
    }
    const summary = summarise(points, indices);
    const colours = labelColours(project.labels);
    const words = h("p", { testid: "explore-selection-summary" }, selectionWords(summary));
    if (summary.count === 0) {
      replace(selectionBox, words);
      return;
    }
    const firstTexts = h("ul", { class: "explore-examples", testid: "explore-selection-texts" });
    const confirmSlot = h("div", {});
    const labelPick = h("select", { testid: "explore-bulk-label", "aria-label": "Label to give them" },
      ...project.labels.map((l) => h("option", { value: l.name }, l.name))) as HTMLSelectElement;
    if (bulkLabel && project.labels.some((l) => l.name === bulkLabel)) labelPick.value = bulkLabel;
    labelPick.addEventListener("change", () => { bulkLabel = labelPick.value; });
    const limit = tooMany(summary.count);
    const bulkButton = h("button", { type: "button", class: "button small", testid: "explore-bulk", disabled: Boolean(limit) || project.labels.length === 0, onclick: () => {
      const label = labelPick.value;
      const box = confirmBox({
        testid: "explore-bulk-confirm",
        sentence: bulkSentence(summary.count, label),
        confirm: `Label ${plural(summary.count, "document")} “${label}”`,
        run: async () => {
          const done = await api.bulkAnnotate(id, summary.documentIds, [label]);
          replace(confirmSlot);
          status.show(bulkDone(done.recorded, done.unchanged, label), "ok");
          void context.refreshStats();
          await refresh(false);
        },
        onCancel: () => replace(confirmSlot),
      });
      replace(confirmSlot, box);
      focusConfirm(box);
    } }, `Label all ${count(summary.count)} as`);
    replace(selectionBox,
      words,
      summary.labels.length ? h("p", {}, ...summary.labels.map((l) => chip(`${l.name} ${count(l.count)}`, colours.get(l.name)))) : null,
      firstTexts,
      h("div", { class: "actions" },
        canQueue ? h("button", { type: "button", class: "button small primary", testid: "explore-focus", onclick: () => void queueAndGo(summary.documentIds, status.show) }, "Label these in the queue") : null,
        h("button", { type: "button", class: "button small", testid: "explore-browse", onclick: () => void browse(summary.documentIds, 0) }, "Browse"),
        h("button", { type: "button", class: "button small quiet", testid: "explore-clear", onclick: () => { map.pick([]); showSelection([]); } }, "Let go")),
      canBulk ? h("div", { class: "actions explore-bulk" }, bulkButton, labelPick) : null,
      limit ? h("p", { class: "small muted" }, limit) : null,
      summary.count > MAX_AT_ONCE && canQueue ? h("p", { class: "small muted" }, `The queue takes the first ${count(MAX_AT_ONCE)}.`) : null,
      confirmSlot);
    const first = summary.documentIds.slice(0, FIRST_TEXTS);
    void Promise.all(first.map(async (documentId) => {
      const item = h("li", { testid: "explore-selection-text" }, h("span", { class: "muted small" }, `#${documentId} `), "…");
      firstTexts.append(item);
      try {
        const text = await textOf(documentId);
        replace(item, h("a", { href: `#/projects/${id}/documents/${documentId}`, class: "muted small" }, `#${documentId}`), " ", excerpt(text, 220));
      } catch (error) {
        replace(item, failure(`Document #${documentId} could not be read`, error));
      }
    }));
  }

  async function browse(documentIds: number[], page: number): Promise<void> {
    const pages = Math.max(1, Math.ceil(documentIds.length / BROWSE_PAGE));
    const ids = documentIds.slice(page * BROWSE_PAGE, (page + 1) * BROWSE_PAGE);
    const list = h("ol", { class: "explore-browse-items", start: page * BROWSE_PAGE + 1 });
    replace(browseBox,
      h("p", { class: "small muted" }, `Page ${page + 1} of ${pages}`),
      list,
      h("div", { class: "actions" },
        page > 0 ? h("button", { type: "button", class: "button small", onclick: () => void browse(documentIds, page - 1) }, "Previous") : null,
        page + 1 < pages ? h("button", { type: "button", class: "button small", onclick: () => void browse(documentIds, page + 1) }, "Next") : null,
        h("button", { type: "button", class: "button small quiet", onclick: () => replace(browseBox) }, "Close the list")));
    const items = await Promise.all(ids.map(async (documentId) => {
      try {
        return h("li", { testid: "explore-browse-item" }, h("a", { href: `#/projects/${id}/documents/${documentId}` }, `#${documentId}`), " ", excerpt(await textOf(documentId), 300));
      } catch (error) {
        return h("li", {}, failure(`Document #${documentId} could not be read`, error));
      }
    }));
    if (alive) replace(list, ...items);
  }

  // ---- loading, and waiting while the map is made ----
  async function loadMap(): Promise<MapPage | MapPoint[]> {
    const first = await api.map(id, 1, MAP_PAGE_SIZE, k);
    if (first.status !== "ready") return first;
    const pages = [first];
    for (let page = 2; page <= pageCount(first.total, first.pageSize || MAP_PAGE_SIZE); page++) {
      if (!alive) break;
      pages.push(await api.map(id, page, first.pageSize || MAP_PAGE_SIZE, k));
    }
    const joined = joinPages(pages);
    if (joined === null) return { ...first, status: "computing", message: "The map changed while it was read; reading it again." };
    version = first.version;
    groups = first.k;
    return joined;
  }

  function poll(regroup: boolean): void {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(regroup), POLL_MS);
  }

  async function refresh(regroup: boolean): Promise<void> {
    if (!alive) return;
    try {
      const previousVersion = version;
      const [loaded, clusters, novelty] = await Promise.all([loadMap(), api.clusters(id, k), api.novelty(id, NOVEL_LIMIT)]) as [MapPage | MapPoint[], Clusters, Novelty];
      if (!alive) return;
      showProblem(null);
      groupsList.show(clusters);
      novelList.show(novelty);
      if (!Array.isArray(loaded)) {
        waiting.hidden = false;
        replace(waiting, h("span", { class: "explore-spinner", "aria-hidden": "true" }), h("span", { testid: "explore-waiting-text" }, waitingWords(loaded.status, loaded.message)));
        if (loaded.status === "unavailable") return;
        poll(regroup);
        return;
      }
      waiting.hidden = true;
      mapColumn.hidden = false;
      side.hidden = false;
      const samePoints = previousVersion === version && loaded.length === points.length && !regroup;
      points = loaded;
      paintMap(samePoints);
      if (samePoints) showSelection(selected, true);
      else showSelection([]);
      if (clusters.status !== "ready") poll(false);
    } catch (error) {
      if (!alive) return;
      if (error instanceof ApiError && error.problem.status === 400 && k !== undefined) {
        k = undefined;
        showProblem(`That number of groups cannot be made: ${error.message}`);
        return;
      }
      showProblem(failure("The map could not be loaded", error));
      poll(regroup);
    }
  }

  // Answers anyone gives and each new model change the colours, the groups' labelled bars and what is unlike anything
  // labelled: follow the project's events, at most once every FOLLOW_MS (a busy team would otherwise reload the whole
  // map at every answer).
  let followTimer: ReturnType<typeof setTimeout> | undefined;
  const follow = () => {
    if (followTimer !== undefined || points.length === 0) return;
    followTimer = setTimeout(() => {
      followTimer = undefined;
      void refresh(false);
    }, FOLLOW_MS);
  };
  const events = typeof EventSource === "undefined" ? null : new EventSource(api.eventsUrl(id));
  events?.addEventListener("stats", follow);
  events?.addEventListener("model", follow);

  void refresh(false);
  return () => {
    alive = false;
    events?.close();
    clearTimeout(followTimer);
    clearTimeout(timer);
    clearTimeout(hoverTimer);
    hoverAbort?.abort();
    map.destroy();
  };
}
