import { api, ApiError, type AnnotatorFigures } from "../api/client";
import { ANNOTATOR_COLUMNS, ANNOTATORS_EXPLAIN, annotatorRow, NONE as NO_FIGURE, WHY_NO_FINAL, WHY_NO_MODEL } from "../annotatorFigures";
import { allows, authState, roleIn, roleNeeded } from "../auth";
import {
  barShare, EMPTY_ADVICE, EMPTY_ADVICE_ACCOUNTS, EXPLAIN, NAMES_WITH_ACCOUNTS, headline, NONE, range, reading, readingSentence, score, share, unsettled, WHY, whyMissing, whyNoRange,
  type Agreement, type Estimate,
} from "../agreement";
import { chip, h, replace } from "../dom";
import { assignmentsSection } from "./assignments";
import { membersSection } from "./members";
import { count } from "./parts";
import type { ProjectContext } from "./project";

/**
 * The Team tab: with accounts, the project's members; and how far the people labelling agree, for reviewers and
 * owners. Refreshes itself when answers change.
 */
export async function teamView(body: HTMLElement, context: ProjectContext): Promise<() => void> {
  const { project } = context;
  const members = context.me && context.members
    ? membersSection(project.id, context.me, context.members, context.role, (list) => {
      context.members = list;
      // Owners who gave themselves another role see the tab again as that role lets them.
      if (roleIn(authState(), list) !== context.role) window.dispatchEvent(new HashChangeEvent("hashchange"));
    })
    : null;
  const content = h("div", { class: "team-view", testid: "team" });
  const problem = h("div", { class: "error", role: "alert", hidden: true });
  if (!allows(context.role, "reviewer")) {
    replace(body, members, refused(roleNeeded(context.role, "reviewer", "see how far the team agrees")));
    return () => undefined;
  }
  // Figures per annotator are for owners (administrators and the single local user act as owners); others never ask.
  const owner = allows(context.role, "owner");
  const figures = owner ? h("section", { class: "model-section", testid: "annotator-figures" }) : null;
  replace(body, members, assignmentsSection(project.id, context.role, context.members), problem, content, figures);

  let closed = false;
  let running = false;
  let pending = false;
  const refresh = async (withStats: boolean) => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      let stats = withStats;
      do {
        pending = false;
        const [agreement, people] = await Promise.all([
          api.agreement(project.id),
          figures ? api.annotators(project.id).catch((e: unknown) => e) : null,
          stats ? context.refreshStats() : null,
        ]);
        if (closed) return;
        show(content, agreement, context);
        if (figures) showAnnotatorFigures(figures, people);
        problem.hidden = true;
        stats = true;
      } while (pending && !closed);
    } catch (error) {
      if (closed) return;
      if (error instanceof ApiError && error.problem.status === 403) {
        replace(content, refused(`You cannot see how far the team agrees. ${error.message}`));
        return;
      }
      replace(problem, error instanceof Error ? error.message : String(error));
      problem.hidden = false;
    } finally {
      running = false;
    }
  };

  // Listen before the first fetch and fetch again whenever the stream (re)connects, so no change is missed.
  const events = typeof EventSource === "undefined" ? null : new EventSource(api.eventsUrl(project.id));
  events?.addEventListener("open", () => void refresh(false));
  events?.addEventListener("stats", () => void refresh(true));
  await refresh(false);
  return () => {
    closed = true;
    events?.close();
  };
}

function refused(sentence: string): HTMLElement {
  return h("section", { class: "team-view" }, h("h2", {}, "How far the team agrees"), h("p", { class: "model-message", testid: "team-refused" }, sentence));
}

/** Draws the agreement report into `content`. */
export function show(content: HTMLElement, a: Agreement, context: Pick<ProjectContext, "project">): void {
  const { project } = context;
  if (project.task === "span-tagging") {
    showSpans(content, a);
    return;
  }
  const lead = h("p", { class: "team-headline", testid: "team-headline" }, headline(a));
  const accounts = authState().kind !== "single";
  const names = accounts ? NAMES_WITH_ACCOUNTS : EXPLAIN.names;
  if (a.documents === 0) {
    replace(content,
      h("h2", {}, "How far the team agrees"),
      lead,
      h("p", { class: "model-message", testid: "team-empty" }, accounts ? EMPTY_ADVICE_ACCOUNTS : EMPTY_ADVICE),
      h("p", { class: "small muted" }, names));
    return;
  }
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  replace(content,
    h("h2", {}, "How far the team agrees"),
    lead,
    h("p", { class: "small muted" }, names),
    overall(a, project.multiLabel),
    section("Label by label", EXPLAIN.perLabel, perLabelTable(a, colors)),
    section("Pairs of people", EXPLAIN.pairs, pairsTable(a)),
    section("Each person", EXPLAIN.perAnnotator, annotatorsTable(a)));
}

function overall(a: Agreement, multiLabel: boolean): HTMLElement {
  if (a.alpha === null) {
    return h("p", { class: "model-message", testid: "team-multilabel" },
      multiLabel ? EXPLAIN.multiLabel : "There is no overall figure for this project; see the figures label by label below.");
  }
  const word = reading(a.alpha.value);
  return h("section", { class: "model-section" },
    h("div", { class: "model-figures team-figures" },
      h("div", { class: "figure-card" },
        h("div", { class: "figure-title" }, "Overall agreement (Krippendorff's α)"),
        h("div", { class: "figure-value" },
          figure(a.alpha, a.documents, "overall", "team-alpha"),
          word ? h("span", { class: `reading ${word}`, testid: "team-reading" }, word) : null),
        rangeLine(a.alpha),
        h("p", { class: "small", testid: "team-reading-sentence" },
          readingSentence(a.alpha.value) ?? whyMissing(a.alpha, a.documents, "overall"),
          unsettled(a.alpha) ? " The likely range spans more than one of these readings, so it is not settled yet: have more documents labelled by more than one person." : null)),
      h("div", { class: "figure-card" },
        h("div", { class: "figure-title" }, "Fleiss' κ"),
        h("div", { class: "figure-value" }, figure(a.fleissKappa, a.documents, "overall", "team-fleiss")),
        rangeLine(a.fleissKappa),
        h("p", { class: "small muted" }, EXPLAIN.fleiss))),
    h("ul", { class: "explain small muted" }, ...[EXPLAIN.alpha, EXPLAIN.guidance, EXPLAIN.range].map((t) => h("li", {}, t))));
}

/** A figure's value, or "—" with the reason as a tooltip. */
function figure(estimate: Estimate | null, documents: number, kind: "overall" | "label" | "pair", testid: string): HTMLElement {
  const why = whyMissing(estimate, documents, kind);
  return h("span", { testid, title: why ?? undefined, class: why ? "missing" : undefined }, score(estimate?.value));
}

function rangeLine(estimate: Estimate | null): HTMLElement | null {
  if (!estimate || estimate.value === null) return null;
  const r = range(estimate);
  return h("div", { class: "small muted" }, r ? `likely between ${r.replace(" to ", " and ")}` : h("span", { title: WHY.noRange }, "range unknown: too few shared documents"));
}

function section(title: string, explanation: string, table: HTMLElement): HTMLElement {
  return h("section", { class: "model-section" }, h("h2", {}, title), h("p", { class: "small muted explain-lead" }, explanation), table);
}

/** Notes under a table for each reason a figure in it is missing, once each. */
class Notes {
  private readonly reasons = new Set<string>();

  /** A cell with the value, or "—" and the reason as a tooltip (and a note under the table). */
  cell(text: string, why: string | null, extra: Record<string, string> = {}): HTMLTableCellElement {
    if (why === null || text !== NONE) return h("td", extra, text);
    this.reasons.add(why);
    return h("td", { ...extra, title: why, class: "missing" }, NONE);
  }

  /** The range of an estimate: "0.12 to 0.87", or "—" and why. */
  range(estimate: Estimate, why: string | null): HTMLTableCellElement {
    const r = range(estimate);
    if (r) return h("td", { class: "range" }, r);
    return this.cell(NONE, why ?? whyNoRange(estimate) ?? WHY.noRange, { class: "range" });
  }

  wrap(table: HTMLElement): HTMLElement {
    if (this.reasons.size === 0) return h("div", { class: "table-wrap" }, table);
    return h("div", { class: "table-wrap" }, table,
      h("ul", { class: "explain small muted why-missing" }, ...[...this.reasons].map((r) => h("li", {}, h("strong", {}, NONE), ` ${r}`))));
  }
}

/** Column headings: figures are aligned right, and the columns named in `left` (names, bars) left. */
function head(titles: string[], left: string[]): HTMLElement {
  return h("thead", {}, h("tr", {}, ...titles.map((t) => h("th", { scope: "col", class: left.includes(t) ? "left" : undefined }, t))));
}

function perLabelTable(a: Agreement, colors: Map<string, string | null | undefined>): HTMLElement {
  const notes = new Notes();
  const rows = a.perLabel.map((l) => {
    const why = whyMissing(l.alpha, a.documents, "label");
    const word = reading(l.alpha.value);
    return h("tr", {},
      h("th", { scope: "row" }, chip(l.label, colors.get(l.label))),
      notes.cell(score(l.alpha.value), why),
      notes.range(l.alpha, why),
      h("td", { class: "reading-cell" }, word ? bar(l.alpha.value!, word) : h("span", { class: "muted", title: why ?? undefined }, "nothing to measure")));
  });
  return notes.wrap(h("table", { class: "metrics team-table", testid: "team-per-label" },
    head(["Label", "α", "Likely range", "Reading"], ["Label", "Reading"]),
    h("tbody", {}, ...rows)));
}

function bar(value: number, word: string): HTMLElement {
  const fill = h("span", { class: `bar-fill ${word}` });
  fill.style.width = `${Math.round(barShare(value) * 100)}%`;
  return h("span", { class: "reading-bar" }, h("span", { class: "bar", "aria-hidden": "true" }, fill), h("span", { class: `reading ${word}` }, word));
}

function pairsTable(a: Agreement): HTMLElement {
  const notes = new Notes();
  // The pairs who shared the most documents first: their figures say the most.
  const rows = [...a.pairs].sort((x, y) => y.documents - x.documents).map((p) => {
    const why = whyMissing(p.cohensKappa, p.documents, "pair");
    return h("tr", {},
      h("th", { scope: "row", class: "name" }, p.first),
      h("td", { class: "name" }, p.second),
      h("td", {}, count(p.documents)),
      h("td", {}, share(p.percentAgreement)),
      notes.cell(score(p.cohensKappa.value), why),
      notes.range(p.cohensKappa, why));
  });
  return notes.wrap(h("table", { class: "metrics team-table", testid: "team-pairs" },
    head(["Person", "Person", "Shared documents", "Agreement", "Cohen's κ", "Likely range"], ["Person"]),
    h("tbody", {}, ...rows)));
}

function annotatorsTable(a: Agreement): HTMLElement {
  const notes = new Notes();
  const rows = a.perAnnotator.map((p) => h("tr", {},
    h("th", { scope: "row", class: "name" }, p.annotator),
    h("td", {}, count(p.documents)),
    notes.cell(share(p.percentAgreement), WHY.noneShared),
    notes.cell(score(p.meanKappa), WHY.noPairKappa)));
  return notes.wrap(h("table", { class: "metrics team-table", testid: "team-annotators" },
    head(["Person", "Shared documents", "Agreement with others", "Mean Cohen's κ"], ["Person"]),
    h("tbody", {}, ...rows)));
}

/** The owners' table of figures per annotator, or why it could not be loaded. */
export function showAnnotatorFigures(section: HTMLElement, result: AnnotatorFigures[] | unknown): void {
  const title = h("h2", {}, "Annotators");
  const lead = h("p", { class: "small muted explain-lead" }, ANNOTATORS_EXPLAIN);
  if (!Array.isArray(result)) {
    const why = result instanceof Error ? result.message : "Tagloop could not be reached.";
    replace(section, title, lead, h("p", { class: "error", role: "alert", testid: "annotator-figures-problem" }, `The figures per annotator could not be loaded: ${why}`));
    return;
  }
  const list = result as AnnotatorFigures[];
  if (list.length === 0) {
    replace(section, title, lead, h("p", { class: "model-message", testid: "annotator-figures-empty" }, "Nobody has answered yet."));
    return;
  }
  const rows = list.map((a) => {
    const [name, ...cells] = annotatorRow(a);
    return h("tr", {},
      h("th", { scope: "row", class: "name" }, name),
      ...cells.map((text, i) => (i === 4 || i === 5) && text === NO_FIGURE
        ? h("td", { class: "missing", title: i === 4 ? WHY_NO_MODEL : WHY_NO_FINAL }, text)
        : h("td", {}, text)));
  });
  replace(section, title, lead,
    h("div", { class: "table-wrap" },
      h("table", { class: "metrics team-table annotator-figures", testid: "annotator-figures-table" },
        head([...ANNOTATOR_COLUMNS], ["Annotator"]),
        h("tbody", {}, ...rows))));
}

const SPAN_EXPLAIN = {
  f1: "For two people, F1 is the share of entities they marked alike — the same words, the same type — out of all the entities either marked (2 × alike ÷ (first's + second's)). 1 means they marked exactly the same entities; it is compared only over sentences both answered completely.",
  perType: "For each entity type, over every pair of people: how many of the entities they marked were marked alike by the other.",
} as const;

/** Span-tagging projects: agreement is pairwise entity F1, per pair and per entity type. */
function showSpans(content: HTMLElement, a: Agreement): void {
  const spans = a.spans;
  if (!spans || spans.pairs.length === 0) {
    replace(content,
      h("h2", {}, "How far the team agrees"),
      h("p", { class: "model-message", testid: "team-empty" }, "No sentence has been answered completely by two or more people yet. Agreement appears once two people have tagged the same sentences."));
    return;
  }
  replace(content,
    h("h2", {}, "How far the team agrees"),
    h("p", { class: "team-headline", testid: "team-span-f1" },
      `Mean entity agreement (pairwise F1): ${score(spans.meanF1)}`, ` over ${spans.pairs.length === 1 ? "one pair" : `${spans.pairs.length} pairs`} of people.`),
    section("Pairs of people", SPAN_EXPLAIN.f1, h("div", { class: "table-wrap" }, h("table", { class: "metrics", testid: "team-span-pairs" },
      head(["Person", "Person", "Shared documents", "Marked alike", "First's entities", "Second's entities", "F1"], ["Person"]),
      h("tbody", {}, ...spans.pairs.map((p) => h("tr", {},
        h("td", { class: "left" }, p.first), h("td", { class: "left" }, p.second), h("td", {}, String(p.documents)), h("td", {}, String(p.matched)),
        h("td", {}, String(p.firstSpans)), h("td", {}, String(p.secondSpans)), h("td", {}, score(p.f1)))))))),
    section("Entity type by type", SPAN_EXPLAIN.perType, h("div", { class: "table-wrap" }, h("table", { class: "metrics", testid: "team-span-types" },
      head(["Type", "Marked alike", "Entities marked", "F1"], ["Type"]),
      h("tbody", {}, ...spans.perType.map((t) => h("tr", {},
        h("td", { class: "left" }, t.type), h("td", {}, String(t.matched)), h("td", {}, String(t.spans)), h("td", {}, score(t.f1)))))))));
}
