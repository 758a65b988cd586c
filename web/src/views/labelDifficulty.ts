import type { LabelAssessment, LabelDifficultyReport } from "../api/client";
import { percent } from "../chart";
import { chip, h, svg } from "../dom";
import { curveWords, feasibilityWaiting, NOTE_TITLES, partnerWords, SPARK, sparkline, taxonomyLink, verdictTitle } from "../labelDifficulty";
import { plural } from "./parts";

const LINE = "#1f4fb8";

export const DIFFICULTY_EXPLAIN = {
  intro: "For each label: how well the model finds it (F1: 100% means it finds all of them and nothing else), how that changed as more documents were labelled, the label it mixes it up with most, and what to do when a label holds the model back.",
  pending: "This appears once the model has been checked, from 10 labelled documents.",
} as const;

interface Where {
  projectId: number;
  labels: readonly { id: number; name: string; color?: string | null }[];
  /** Owners (and administrators) change the labels; the others are told who can. */
  canEditLabels: boolean;
}

/** Whether the task looks learnable, at the top of the Model tab: the verdict once there are enough labels, else when it will come. */
export function feasibilitySection(report: LabelDifficultyReport | null, labelled: number, where: Where): HTMLElement {
  const f = report?.feasibility;
  if (!f) {
    return h("section", { class: "feasibility pending", testid: "feasibility" },
      h("p", { class: "muted" }, feasibilityWaiting(labelled)));
  }
  return h("section", { class: `feasibility ${f.verdict}`, testid: "feasibility", "data-verdict": f.verdict },
    h("h2", { testid: "feasibility-verdict" }, verdictTitle(f)),
    h("p", { testid: "feasibility-text" }, f.text),
    h("p", { class: "small muted", testid: "feasibility-caveat" }, f.caveat,
      where.canEditLabels ? h("span", {}, " ", h("a", { href: `#/projects/${where.projectId}/settings` }, "Open Settings"), ".") : " (A project owner can change this in Settings.)"));
}

/** "How hard each label is": per label its F1 curve, F1, documents, the label it is mixed up with, and a note with a link to the fix. */
export function labelDifficultySection(report: LabelDifficultyReport | null, where: Where, spans: boolean): HTMLElement {
  const noun = spans ? "entity type" : "label";
  const rows = report?.labels ?? [];
  return h("section", { class: "model-section", testid: "label-difficulty" },
    h("h2", {}, `How hard each ${noun} is`),
    h("p", { class: "small muted" }, spans
      ? "For each entity type: how well the tagger finds it (F1), how that changed as more sentences were answered, and what to do when a type holds it back."
      : DIFFICULTY_EXPLAIN.intro),
    rows.length === 0
      ? h("p", { class: "muted" }, spans ? "This appears once the tagger has been checked." : DIFFICULTY_EXPLAIN.pending)
      : h("ul", { class: "difficulty-list" }, ...rows.map((row) => labelRow(row, where, spans))));
}

function labelRow(row: LabelAssessment, where: Where, spans: boolean): HTMLElement {
  const color = where.labels.find((l) => l.name === row.label)?.color;
  const partner = partnerWords(row);
  return h("li", { class: "difficulty-row", testid: "difficulty-row", "data-label": row.label },
    h("div", { class: "difficulty-head" },
      chip(row.label, color),
      spark(row),
      h("span", { class: "difficulty-f1", testid: "difficulty-f1" }, `F1 ${percent(row.f1)}`),
      h("span", { class: "muted small" }, plural(row.support, spans ? "entity" : "document", spans ? "entities" : "documents"))),
    partner ? h("p", { class: "small", testid: "difficulty-partner" }, partner) : null,
    row.note ? noteBox(row, where) : null);
}

function spark(row: LabelAssessment): SVGSVGElement {
  const { d, last } = sparkline(row.curve);
  const words = curveWords(row.curve);
  return svg("svg", { class: "sparkline", viewBox: `0 0 ${SPARK.width} ${SPARK.height}`, width: SPARK.width, height: SPARK.height, role: "img", "aria-label": `“${row.label}”: ${words}`, testid: "difficulty-curve" },
    svg("title", {}, words),
    svg("line", { x1: 0, x2: SPARK.width, y1: SPARK.height - SPARK.pad, y2: SPARK.height - SPARK.pad, stroke: "#e3e7ee" }),
    d ? svg("path", { d, fill: "none", stroke: LINE, "stroke-width": 1.8 }) : null,
    last ? svg("circle", { cx: last.x, cy: last.y, r: 2.5, fill: LINE }) : null);
}

function noteBox(row: LabelAssessment, where: Where): HTMLElement {
  const note = row.note!;
  const link = taxonomyLink(where.projectId, row, where.labels);
  return h("div", { class: `difficulty-note ${note.kind}`, testid: "difficulty-note", "data-kind": note.kind },
    h("strong", {}, NOTE_TITLES[note.kind] ?? note.kind),
    h("p", {}, note.text),
    link === null ? null : where.canEditLabels
      ? h("a", { class: "button small", href: link.href, testid: "difficulty-link" }, link.text)
      : h("p", { class: "small muted" }, "A project owner can merge or split labels in Settings → Labels."));
}
