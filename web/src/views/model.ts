import { api, type Encoder, type LabelDifficultyReport, type Model, type Stats, type TrainingRun } from "../api/client";
import { ago, CHART, cellShade, curveGeometry, curvePoints, percent, withSpread, type CurvePoint } from "../chart";
import { chip, h, replace, svg } from "../dom";
import { feasibilitySection, labelDifficultySection } from "./labelDifficulty";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";

const ACCURACY_COLOR = "#1f4fb8";
const F1_COLOR = "#c2410c";

/** Plain-words meaning of each figure, for readers who are not statisticians. */
export const EXPLAIN = {
  testing: "To keep the test fair, the model is checked five times, each time on a different fifth of your labelled documents that it did not learn from.",
  accuracy: "Accuracy is the share of those unseen documents that the model labelled the same way you did.",
  spread: "The ± figure shows how much accuracy varied between the five checks; a large one means the result is not settled yet.",
  macroF1: "Macro-F1 is the average of the F1 scores of the labels, so a rare label counts as much as a common one.",
  curve: "How the scores changed as more documents were labelled; they usually rise and then level off.",
  precision: "Precision: of the documents the model put under this label, the share that really belong there.",
  recall: "Recall: of the documents that really belong to this label, the share the model found.",
  f1: "F1: one score that is high only when both precision and recall are high.",
  support: "Labelled: how many of your labelled documents have this label.",
  confusion: "Each row is the label you gave, each column the label the model guessed when it had not seen the document; the darker a cell, the more of that row it holds, and the diagonal counts agreements.",
} as const;

/** The Model tab: how good the model is, how it got there, and where it errs. Refreshes itself when the server says so. */
export async function modelView(body: HTMLElement, context: ProjectContext): Promise<() => void> {
  const { project } = context;
  const content = h("div", { class: "model-view" });
  const counts = h("section", { class: "model-section", testid: "label-counts" });
  const problem = h("div", { class: "error", role: "alert", hidden: true });
  replace(body, problem, content, counts);

  let closed = false;
  let trainedAt: Date | null = null;
  const updated = h("span", { testid: "model-updated" });
  const showAge = () => {
    if (trainedAt) replace(updated, `updated ${ago(trainedAt, new Date())} (${trainedAt.toLocaleString()})`);
  };

  const showCounts = (stats: Stats) => {
    const colors = new Map(project.labels.map((l) => [l.name, l.color]));
    replace(counts,
      h("h2", {}, "Labels so far"),
      h("p", { class: "muted small" }, `${count(stats.labelled)} of ${plural(stats.total, "document")} labelled.`),
      h("div", { class: "label-counts" }, ...stats.labels.map((l) => chip(`${l.name}: ${count(l.count)}`, colors.get(l.name)))));
  };

  // The encoders' plain names, for saying what the model reads; without them that line is left out.
  let encoders: Encoder[] = [];
  const encoderList = api.encoders().catch((): Encoder[] => []);
  const showModel = (model: Model, runs: TrainingRun[], difficulty: LabelDifficultyReport | null) => {
    const reading = encodingNote(model, project.encoder);
    const where = { projectId: project.id, labels: project.labels, canEditLabels: context.role === "owner" };
    if (model.version === 0) {
      trainedAt = null;
      // The bar above already shows the reading's progress: the message need not repeat it.
      const message = reading && model.encoding ? withoutProgress(model.message) : model.message;
      replace(content,
        h("h2", {}, "The model"),
        reading,
        h("p", { class: "model-message", testid: "model-message" }, message ?? "There is no model yet."),
        project.task === "span-tagging" ? null : h("p", { class: "muted" }, `${plural(model.labels, "document")} labelled so far.`),
        project.task === "span-tagging" ? null : feasibilitySection(null, model.labels, where));
      return;
    }
    trainedAt = model.trainedAt ? new Date(model.trainedAt) : null;
    showAge();
    if (project.task === "span-tagging") {
      replace(content, ...spanModel(model, project.labels, updated, api.modelFileUrl(project.id)), labelDifficultySection(difficulty, where, true));
      return;
    }
    const m = model.metrics;
    const colors = new Map(project.labels.map((l) => [l.name, l.color]));
    replace(content,
      h("h2", {}, "How well the model does"),
      h("p", { class: "muted" }, `Version ${count(model.version)}, learnt from ${plural(model.labels, "labelled document")}`,
        (model.ruleLabelled ?? 0) > 0 ? ` and ${plural(model.ruleLabelled ?? 0, "document")} labelled by rules (each counting for less than a person's label)` : "",
        ", ", updated, "."),
      feasibilitySection(difficulty, model.labels, where),
      readsLine(model, encoders, project.id),
      reading,
      h("div", { class: "label-counts" }, ...model.classes.map((c) => chip(c, colors.get(c)))),
      m.accuracy === null
        ? h("p", { testid: "model-scores-pending" }, `The scores appear once 10 documents are labelled; ${plural(model.labels, "is", "are")} so far.`)
        : h("div", { class: "model-figures" },
            figure("Accuracy", withSpread(m.accuracy, m.accuracySd), "model-accuracy", `${EXPLAIN.accuracy} ${EXPLAIN.spread}`),
            figure("Macro-F1", percent(m.macroF1), "model-macro-f1", EXPLAIN.macroF1)),
      m.accuracy === null ? null : h("p", { class: "muted small" }, EXPLAIN.testing),
      curveSection(curvePoints(runs)),
      m.perLabel.length ? perLabelSection(m.perLabel) : null,
      labelDifficultySection(difficulty, where, false),
      m.confusion ? confusionSection(m.confusion.labels, m.confusion.matrix) : null,
      m.accuracy === null ? null : h("p", {},
        h("a", { class: "button", href: api.modelFileUrl(project.id), download: "", testid: "model-download" }, "Download the model"),
        h("span", { class: "muted small" }, " The trained model as a file, to keep or to run elsewhere.")));
  };

  let running = false;
  let pending = false;
  // Encoding publishes no event until its model is trained: look again every few seconds while it runs.
  let poll: number | undefined;
  const pollWhileEncoding = (model: Model) => {
    window.clearTimeout(poll);
    if (model.encoding && !closed) poll = window.setTimeout(() => void refresh("all"), 3000);
  };
  const refresh = async (what: "all" | "stats") => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      let scope = what;
      do {
        pending = false;
        if (scope === "all") {
          // The labels' difficulty is extra: the tab shows the rest without it.
          const [model, runs, stats, known, difficulty] = await Promise.all([api.model(project.id), api.modelHistory(project.id), context.refreshStats(), encoderList,
            api.labelDifficulty(project.id).catch((): LabelDifficultyReport | null => null)]);
          if (closed) return;
          encoders = known;
          showModel(model, runs, difficulty);
          showCounts(stats);
          pollWhileEncoding(model);
        } else {
          const stats = await context.refreshStats();
          if (closed) return;
          showCounts(stats);
        }
        problem.hidden = true;
        scope = "all";
      } while (pending && !closed);
    } catch (error) {
      if (closed) return;
      replace(problem, error instanceof Error ? error.message : String(error));
      problem.hidden = false;
    } finally {
      running = false;
    }
  };

  // Listen before the first fetch, and fetch again whenever the stream (re)connects: a model published between the
  // fetch and the subscription (the evaluated one follows the re-ranked one within a second) must not be missed.
  const events = typeof EventSource === "undefined" ? null : new EventSource(api.eventsUrl(project.id));
  events?.addEventListener("open", () => void refresh("all"));
  events?.addEventListener("model", () => void refresh("all"));
  events?.addEventListener("stats", () => void refresh("stats"));
  await refresh("all");
  const clock = window.setInterval(showAge, 30_000);
  return () => {
    closed = true;
    events?.close();
    window.clearInterval(clock);
    window.clearTimeout(poll);
  };
}

/**
 * What the model reads and how far the reading of new documents has got, in plain words: null when there is nothing
 * to say (the model reads what the project asks for, and nothing is being read).
 */
export function encodingNote(model: Model, projectEncoder: string): HTMLElement | null {
  const progress = model.encoding;
  const waitingForMeaning = model.encoder === "tfidf" && projectEncoder !== "tfidf";
  if (!progress && !waitingForMeaning) return null;
  const lines: (HTMLElement | null)[] = [];
  if (progress) {
    const what = progress.stage === "words" ? "Reading the new documents" : "The sentence model is reading documents for their meaning";
    const share = progress.total ? progress.done / progress.total : 0;
    lines.push(h("div", { class: "progress-row" },
      h("progress", { max: 1, value: share, "aria-hidden": "true" }),
      h("span", { testid: "encoding-progress" }, `${what}: ${count(progress.done)} of ${count(progress.total)} (${Math.floor(share * 100)}%).`)));
    // A reading started before the project was switched to words only stops after its current chunk.
    if (progress.stage !== "words" && projectEncoder === "tfidf") {
      lines.push(h("p", { class: "small muted", testid: "encoding-not-used" },
        "This project now reads words only: the sentence model stops after the documents in hand; what it has read is kept in case you switch back in Settings."));
    }
  }
  if (waitingForMeaning) {
    lines.push(h("p", { class: "small muted", testid: "encoding-words-only" },
      "Until it has read them all, the model learns from the words alone; it switches by itself when the reading is done."));
  }
  return h("div", { class: "encoding-note", testid: "encoding-note" }, ...lines);
}

/** The server's message without the reading progress it starts with (shown by the bar instead); unchanged when it does not. */
export function withoutProgress(message: string | null): string | null {
  if (message === null) return null;
  const rest = message.replace(/^(?:The sentence model is reading the documents|Reading the new documents for the model): .*? of .*?\.\s+/, "");
  return rest || message;
}

/** What the current model reads, by the encoder's plain name; null when the names are not known. */
function readsLine(model: Model, encoders: Encoder[], projectId: number): HTMLElement | null {
  const title = encoders.find((e) => e.name === model.encoder)?.title;
  if (!title) return null;
  return h("p", { class: "muted small", testid: "model-encoder" },
    `What it reads: “${title}” (`, h("a", { href: `#/projects/${projectId}/settings` }, "change in Settings"), ").");
}

function figure(title: string, value: string, testid: string, explanation: string): HTMLElement {
  return h("div", { class: "figure-card" },
    h("div", { class: "figure-title" }, title),
    h("div", { class: "figure-value", testid }, value),
    h("p", { class: "small muted" }, explanation));
}

function curveSection(points: CurvePoint[]): HTMLElement {
  return h("section", { class: "model-section" },
    h("h2", {}, "Learning curve"),
    h("p", { class: "small muted" }, EXPLAIN.curve),
    points.length === 0
      ? h("p", { class: "muted" }, "The curve starts once 10 documents are labelled.")
      : h("figure", { class: "curve-figure" },
          learningCurve(points),
          h("figcaption", { class: "legend small" },
            h("span", {}, swatch(ACCURACY_COLOR, false), "Accuracy"),
            h("span", {}, h("span", { class: "band-swatch", "aria-hidden": "true" }), "Accuracy ± variation between checks"),
            h("span", {}, swatch(F1_COLOR, true), "Macro-F1"))));
}

function swatch(color: string, dashed: boolean): SVGSVGElement {
  return svg("svg", { class: "swatch", viewBox: "0 0 24 10", width: 24, height: 10, "aria-hidden": "true" },
    svg("line", { x1: 0, x2: 24, y1: 5, y2: 5, stroke: color, "stroke-width": 2.5, "stroke-dasharray": dashed ? "6 4" : undefined }));
}

/** The learning curve as an SVG drawing: label counts across, scores up, accuracy with its ±sd band, and macro-F1. */
export function learningCurve(points: CurvePoint[]): SVGSVGElement {
  const g = curveGeometry(points);
  const { width, height, left, right, top, bottom } = CHART;
  const last = points[points.length - 1];
  return svg("svg", {
    class: "curve", viewBox: `0 0 ${width} ${height}`, role: "img", testid: "learning-curve",
    "aria-label": `Learning curve over ${plural(points.length, "training")}: latest accuracy ${percent(last.accuracy)} and macro-F1 ${percent(last.macroF1)} with ${plural(last.labels, "labelled document")}.`,
  },
  ...g.yTicks.map((t) => svg("g", { class: "grid" },
    svg("line", { x1: left, x2: width - right, y1: t.at, y2: t.at }),
    svg("text", { x: left - 8, y: t.at, "text-anchor": "end", "dominant-baseline": "middle" }, percent(t.value)))),
  ...g.xTicks.map((t) => svg("g", { class: "ticks" },
    svg("line", { x1: t.at, x2: t.at, y1: height - bottom, y2: height - bottom + 5 }),
    svg("text", { x: t.at, y: height - bottom + 18, "text-anchor": "middle" }, count(t.value)))),
  svg("line", { class: "axis", x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }),
  svg("text", { class: "axis-label", x: (left + width - right) / 2, y: height - 6, "text-anchor": "middle" }, "Labelled documents"),
  svg("text", { class: "axis-label", transform: "rotate(-90)", x: -(top + height - bottom) / 2, y: 14, "text-anchor": "middle" }, "Score"),
  g.band ? svg("path", { class: "band", d: g.band, fill: ACCURACY_COLOR, "fill-opacity": 0.14, stroke: "none" }) : null,
  g.macroF1 ? svg("path", { d: g.macroF1, fill: "none", stroke: F1_COLOR, "stroke-width": 2, "stroke-dasharray": "6 4" }) : null,
  svg("path", { d: g.accuracy, fill: "none", stroke: ACCURACY_COLOR, "stroke-width": 2.5 }),
  ...g.dots.flatMap((d, i) => [
    svg("circle", { cx: d.x, cy: d.accuracy, r: 3.5, fill: ACCURACY_COLOR },
      svg("title", {}, `${plural(points[i].labels, "labelled document")}: accuracy ${withSpread(points[i].accuracy, points[i].sd)}`)),
    d.macroF1 === null ? null : svg("circle", { cx: d.x, cy: d.macroF1, r: 3, fill: F1_COLOR },
      svg("title", {}, `${plural(points[i].labels, "labelled document")}: macro-F1 ${percent(points[i].macroF1)}`)),
  ]));
}

function perLabelSection(rows: Model["metrics"]["perLabel"]): HTMLElement {
  return h("section", { class: "model-section" },
    h("h2", {}, "Per label"),
    h("table", { class: "metrics", testid: "per-label" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Label"), h("th", { scope: "col" }, "Precision"), h("th", { scope: "col" }, "Recall"),
        h("th", { scope: "col" }, "F1"), h("th", { scope: "col" }, "Labelled"))),
      h("tbody", {}, ...rows.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.label), h("td", {}, percent(r.precision)), h("td", {}, percent(r.recall)), h("td", {}, percent(r.f1)),
        h("td", {}, count(r.support)))))),
    h("ul", { class: "explain small muted" }, ...[EXPLAIN.precision, EXPLAIN.recall, EXPLAIN.f1, EXPLAIN.support].map((t) => h("li", {}, t))));
}

function confusionSection(labels: string[], matrix: number[][]): HTMLElement {
  return h("section", { class: "model-section" },
    h("h2", {}, "Where the model goes wrong"),
    h("p", { class: "small muted" }, EXPLAIN.confusion),
    h("table", { class: "confusion", testid: "confusion" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "corner" }, "You labelled ↓ · model guessed →"),
        ...labels.map((l) => h("th", { scope: "col" }, l)))),
      h("tbody", {}, ...matrix.map((row, i) => {
        const total = row.reduce((a, b) => a + b, 0);
        return h("tr", {}, h("th", { scope: "row" }, labels[i]), ...row.map((n, j) => {
          const shade = cellShade(n, total);
          const cell = h("td", { class: i === j ? "diagonal" : undefined, title: `${plural(n, "document")} labelled “${labels[i]}” guessed as “${labels[j]}”` }, count(n));
          cell.style.backgroundColor = `rgba(31, 79, 184, ${shade.toFixed(2)})`;
          cell.style.color = shade > 0.5 ? "#ffffff" : "";
          return cell;
        }));
      }))));
}

export const ENTITY_EXPLAIN = {
  f1: "Entity F1 counts an entity as found only when its words and its type are both exactly right, as in the CoNLL evaluation; it balances how many of the tagger's entities are right (precision) and how many of yours it finds (recall).",
  precision: "Precision: of the entities the tagger marked, the share that are exactly right.",
  recall: "Recall: of the entities in your answers, the share the tagger marked exactly.",
  testing: "Measured by training on four fifths of your fully answered sentences and tagging the other fifth, five times over (cross-validation). Sentences the model chose because it was unsure are harder than most, so this tends to understate it a little.",
} as const;

/** What the span tagger reads, in plain words (the server names its features: "words, labelled entities", "words, glove-100d vectors, …"). */
export function taggerReads(features: string | null | undefined): string {
  const remembers = features?.includes("labelled entities") ? " It also remembers the entities marked so far and notices them again in other sentences." : "";
  if (!features || !features.includes("vectors")) {
    return "The tagger reads the words themselves: their spelling, capitals, endings and neighbours." + remembers +
      " With the GloVe word vectors (run ./tagloop models pull glove-100d, then it retrains) it also knows which words mean similar things, which finds more entities.";
  }
  return "The tagger reads the words themselves (spelling, capitals, endings, neighbours) and GloVe word vectors with groups of " +
    "similar words, so it recognises entities written with words it has not seen in your answers." + remembers;
}

/** The Model tab of a span-tagging project: the tagger's entity figures per type. */
export function spanModel(model: Model, labels: { name: string; color?: string | null }[], updated: HTMLElement, fileUrl: string): (HTMLElement | null)[] {
  const colors = new Map(labels.map((l) => [l.name, l.color]));
  const e = model.entities;
  return [
    h("h2", {}, "How well the tagger does"),
    h("p", { class: "muted" }, `Version ${count(model.version)}, learnt from ${plural(model.labels, "sentence")}, `, updated, "."),
    h("div", { class: "label-counts" }, ...model.classes.map((c) => chip(c, colors.get(c)))),
    h("p", { class: "muted small", testid: "tagger-features" }, taggerReads(model.encoder)),
    !e
      ? h("p", { testid: "model-scores-pending" }, model.message ?? "The figures appear once 20 sentences are fully answered.")
      : h("div", { class: "model-figures" },
          figure("Entity F1", percent(e.entityF1), "model-entity-f1", ENTITY_EXPLAIN.f1),
          figure("Precision", percent(e.precision), "model-entity-precision", ENTITY_EXPLAIN.precision),
          figure("Recall", percent(e.recall), "model-entity-recall", ENTITY_EXPLAIN.recall)),
    e ? h("p", { class: "muted small" }, `${ENTITY_EXPLAIN.testing} Over ${plural(e.evaluatedSentences, "sentence")}.`) : null,
    e ? h("section", { class: "model-section" },
      h("h2", {}, "Per entity type"),
      h("table", { class: "metrics", testid: "per-entity-type" },
        h("thead", {}, h("tr", {}, ...["Type", "Precision", "Recall", "F1", "In your answers", "Tagger found", "Exactly right"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...e.types.map((t) => h("tr", {},
          h("th", { scope: "row" }, t.type), h("td", {}, percent(t.precision)), h("td", {}, percent(t.recall)), h("td", {}, percent(t.f1)),
          h("td", {}, count(t.support)), h("td", {}, count(t.predicted)), h("td", {}, count(t.correct))))))) : null,
    h("p", {},
      h("a", { class: "button", href: fileUrl, download: "", testid: "model-download" }, "Download the tagger"),
      h("span", { class: "muted small" }, " The trained tagger as a file, to keep or to run elsewhere.")),
  ];
}
