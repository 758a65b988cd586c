import { api, ApiError, type Label } from "../api/client";
import type { Rule, RuleFigures, RulesAnalysis } from "../api/rules";
import { allows, roleNeeded } from "../auth";
import { chip, h, replace } from "../dom";
import {
  ACCURACY_RANGE_EXPLAIN, accuracyLine, hitsLine, kindTitle, labelModelLine, labelModelWhy, overlapLine, RULES_EXPLAIN, totalsLine,
} from "../rules";
import { statusLine } from "./accountParts";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";
import { ruleEditor } from "./ruleEditor";
import { hitItem, pager, problemText, ruleLink, ruleSwitch, summaryNode, versionsTable } from "./ruleParts";
import { suggestionsSection, transferControls } from "./ruleSuggestions";

const HITS_PAGE_SIZE = 20;

/**
 * The Rules tab: the list (`detail` empty), a new rule (`new`), a rule's page (its number: the editor for reviewers
 * and owners, a read-only page for others) or the documents it finds (`?show=hits`). Returns a teardown.
 */
export async function rulesView(body: HTMLElement, context: ProjectContext, detail: string | undefined): Promise<(() => void) | undefined> {
  const { project } = context;
  const writer = allows(context.role, "reviewer");
  if (detail === undefined || detail === "") {
    await rulesList(body, context, writer);
    return undefined;
  }
  if (detail === "new") {
    if (!writer) {
      replace(body, back(project.id), h("p", { class: "model-message", testid: "role-needed" }, roleNeeded(context.role, "reviewer", "write rules")));
      return undefined;
    }
    return ruleEditor(body, context, null);
  }
  if (!/^\d+$/.test(detail)) {
    replace(body, h("p", { class: "error" }, "There is no such rule. "), back(project.id));
    return undefined;
  }
  const ruleId = Number(detail);
  const rule = await findRule(project.id, ruleId);
  if (!rule) {
    replace(body, h("p", { class: "error", testid: "rule-missing" }, "There is no such rule: it may have been deleted. "), back(project.id));
    return undefined;
  }
  if (context.query.get("show") === "hits") {
    await hitsPage(body, context, rule);
    return undefined;
  }
  if (writer) return ruleEditor(body, context, rule);
  await readOnlyRule(body, context, rule);
  return undefined;
}

async function findRule(projectId: number, ruleId: number): Promise<Rule | null> {
  return (await api.rules(projectId)).rules.find((r) => r.id === ruleId) ?? null;
}

function back(projectId: number): HTMLElement {
  return h("a", { href: ruleLink(projectId), class: "back-link", testid: "rules-back" }, "← All rules");
}

/** The analysis, or the problem to show in its place (the list works without it). */
async function analysisOrProblem(projectId: number): Promise<RulesAnalysis | string> {
  try {
    return await api.rulesAnalysis(projectId);
  } catch (error) {
    return `The rules’ figures could not be worked out: ${problemText(error)}`;
  }
}

async function rulesList(body: HTMLElement, context: ProjectContext, writer: boolean): Promise<void> {
  const { project } = context;
  const totals = h("div", { class: "rules-totals", testid: "rules-totals", role: "status", "aria-live": "polite" });
  const list = h("div", { class: "rules-list" });
  const status = statusLine("rules-status");
  const deleted = context.query.get("deleted");
  if (deleted) {
    status.show(`Deleted the rule “${deleted}”.`, "ok");
    history.replaceState(null, "", ruleLink(project.id));
  }

  // The rules come at once; their figures can take a moment on a large project, so they follow.
  let loading = 0;
  const refresh = async (waitForFigures = true) => {
    const ticket = ++loading;
    const analysis = analysisOrProblem(project.id);
    const { rules } = await api.rules(project.id);
    if (ticket !== loading) return;
    draw(rules, null);
    const figures = analysis.then((f) => {
      if (ticket === loading) draw(rules, f);
    });
    if (waitForFigures) await figures;
  };

  const toggle = async (rule: Rule) => {
    status.show(rule.enabled ? `Switching “${rule.name}” off…` : `Switching “${rule.name}” on…`);
    try {
      const changed = await api.updateRule(project.id, rule.id, { enabled: !rule.enabled, version: rule.version });
      await refresh();
      status.show(changed.enabled ? `“${changed.name}” is on: it votes again.` : `“${changed.name}” is off: it no longer votes. Its figures below show what it would do.`, "ok");
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 409) {
        await refresh().catch(() => undefined);
        status.show(`Not changed: someone changed “${rule.name}” since this page was loaded. ${error.message} The list now shows the rule as it is; try again if you still want to.`, "error");
      } else {
        status.show(`Not changed: ${problemText(error)}`, "error");
      }
    }
  };

  /** Draws the rules with their figures; `analysis` null while it is on its way, a string when it failed. */
  const draw = (rules: Rule[], analysis: RulesAnalysis | string | null) => {
    const figures = analysis === null || typeof analysis === "string" ? null : new Map(analysis.rules.map((f) => [f.id, f]));
    const pending = analysis === null;
    if (analysis === null) {
      replace(totals, rules.length > 0 ? h("p", { class: "small muted", testid: "rules-figures-pending" }, "Working out what the rules find…") : null);
    } else if (typeof analysis === "string") {
      replace(totals, h("p", { class: "error", role: "alert", testid: "rules-analysis-problem" }, analysis));
    } else if (rules.length > 0) {
      const model = labelModelLine(analysis.labelModel, analysis.answered);
      const why = labelModelWhy(analysis.labelModel);
      replace(totals,
        h("p", { class: "rules-headline", testid: "rules-totals-line" }, totalsLine(analysis)),
        model ? h("p", { class: "small", testid: "rules-label-model" }, model) : null,
        why ? h("p", { class: "small muted", testid: "rules-label-model-why" }, why) : null,
        h("p", { class: "small muted" }, `Figures over the project’s ${plural(analysis.documents, "document")}; `,
          analysis.answered === 0 ? "nobody has answered any yet, so how often each rule is right is not known." : `${count(analysis.answered)} of them answered by people.`));
    } else {
      replace(totals);
    }
    if (rules.length === 0) {
      replace(list, h("p", { class: "model-message", testid: "rules-empty" },
        writer
          ? "No rules yet. Write one with “New rule”: for example, documents with the words “refund” or “money back” are about billing."
          : "No rules yet. Reviewers and owners can write them."));
      return;
    }
    replace(list, h("div", { class: "table-wrap" }, h("table", { class: "metrics rules-table", testid: "rules-table" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "On"),
        h("th", { scope: "col", class: "left" }, "Rule"),
        h("th", { scope: "col", class: "left" }, "Votes for"),
        h("th", { scope: "col", class: "left" }, "Finds"),
        h("th", { scope: "col", class: "left", title: ACCURACY_RANGE_EXPLAIN }, "How often it is right"),
        h("th", { scope: "col", class: "left" }, "Other rules"))),
      h("tbody", {}, ...rules.map((r) => row(r, figures?.get(r.id) ?? null, pending))))));
  };

  const row = (rule: Rule, f: RuleFigures | null, pending: boolean): HTMLElement => {
    const color = project.labels.find((l) => l.name === rule.label)?.color;
    const none = (testid: string) => h("td", { class: "left muted", testid }, pending ? "…" : "—");
    return h("tr", { class: rule.enabled ? "rule-row" : "rule-row off", testid: "rule-row", "data-rule-id": String(rule.id) },
      h("td", { class: "rule-switch-cell" }, ruleSwitch(rule.name, rule.enabled, writer ? () => void toggle(rule) : null, "rule-switch")),
      h("th", { scope: "row", class: "rule-cell" },
        h("a", { href: ruleLink(project.id, rule.id), class: "rule-name", testid: "rule-link" }, rule.name),
        h("span", { class: "kind-tag", testid: "rule-kind" }, kindTitle(rule.kind)),
        h("div", { class: "rule-summary small", testid: "rule-summary" }, ...summaryNode(rule)),
        rule.note ? h("div", { class: "rule-note small", testid: "rule-note" }, rule.note) : null,
        f?.error ? h("div", { class: "rule-error small", testid: "rule-error" }, h("span", { class: "error-badge" }, "Error"), " ", f.error) : null),
      h("td", { class: "left" }, chip(rule.label, color)),
      f && !f.error ? h("td", { class: "left", testid: "rule-hits" },
        f.hits > 0 ? h("a", { href: ruleLink(project.id, rule.id, { show: "hits" }), testid: "rule-hits-link" }, hitsLine(f)) : hitsLine(f),
        rule.enabled ? null : h("div", { class: "small muted" }, "if switched on")) : none("rule-hits"),
      f && !f.error ? h("td", { class: "left small", testid: "rule-accuracy", title: f.accuracyLow !== null ? ACCURACY_RANGE_EXPLAIN : undefined }, accuracyLine(f, project.multiLabel)) : none("rule-accuracy"),
      f && !f.error ? h("td", { class: "left small", testid: "rule-overlap" }, overlapLine(f)) : none("rule-overlap"));
  };

  // Reviewers and owners see suggestions and export; owners import.
  const suggestions = writer ? suggestionsSection(project.id, project.labels, () => refresh(false)) : null;
  replace(body,
    h("section", { class: "rules", testid: "rules" },
      h("div", { class: "rules-head" },
        h("p", { class: "small muted explain-lead" }, RULES_EXPLAIN),
        writer ? h("a", { href: ruleLink(project.id, "new"), class: "button primary", testid: "rule-new" }, "New rule") : null),
      writer ? transferControls(project.id, allows(context.role, "owner"), () => refresh(false)) : null,
      totals,
      status.el,
      list,
      suggestions?.el));
  try {
    await refresh(false);
  } catch (error) {
    replace(list, h("p", { class: "error", role: "alert", testid: "rules-problem" }, `The rules could not be loaded: ${problemText(error)}`));
  }
  await suggestions?.load();
}

/** A rule's page for those who cannot change it: what it matches, its state, its versions, and its documents. */
async function readOnlyRule(body: HTMLElement, context: ProjectContext, rule: Rule): Promise<void> {
  const { project } = context;
  const versions = h("div", {}, h("p", { class: "small muted" }, "Loading…"));
  replace(body,
    h("section", { class: "rule-page", testid: "rule-page" },
      back(project.id),
      h("h2", { testid: "rule-title" }, `Rule “${rule.name}”`),
      h("dl", { class: "rule-facts" },
        h("dt", {}, "Votes for"), h("dd", {}, chip(rule.label, project.labels.find((l) => l.name === rule.label)?.color)),
        h("dt", {}, "Looks at"), h("dd", {}, kindTitle(rule.kind)),
        h("dt", {}, "Finds documents that"), h("dd", { testid: "rule-summary" }, ...summaryNode(rule)),
        h("dt", {}, "State"), h("dd", {}, ruleSwitch(rule.name, rule.enabled, null, "rule-state"), rule.note ? h("span", { class: "small muted" }, ` ${rule.note}`) : null),
        h("dt", {}, "Last changed"), h("dd", {}, `by ${rule.updatedBy}, ${new Date(rule.updatedAt).toLocaleString()} (version ${rule.version})`)),
      h("p", {}, h("a", { href: ruleLink(project.id, rule.id, { show: "hits" }), testid: "rule-hits-link" }, "See the documents it finds")),
      h("p", { class: "small muted" }, "Only reviewers and owners can change rules."),
      h("h3", {}, "Versions"),
      versions));
  try {
    replace(versions, versionsTable((await api.ruleVersions(project.id, rule.id)).versions));
  } catch (error) {
    replace(versions, h("p", { class: "error" }, `The versions could not be loaded: ${problemText(error)}`));
  }
}

/** The documents a saved rule finds, a page at a time, each with a link to its page. */
async function hitsPage(body: HTMLElement, context: ProjectContext, rule: Rule): Promise<void> {
  const { project } = context;
  const asked = Number(context.query.get("page"));
  const page = Number.isInteger(asked) && asked > 1 ? asked : 1;
  const list = h("ol", { class: "rule-hits", testid: "rule-hits-list" });
  const summary = h("p", { class: "small muted", testid: "rule-hits-summary", role: "status" });
  const nav = h("nav", { class: "pager", "aria-label": "Pages" });
  replace(body,
    h("section", { class: "rule-page", testid: "rule-hits-page" },
      h("div", { class: "actions" }, back(project.id), allows(context.role, "reviewer") ? h("a", { href: ruleLink(project.id, rule.id), testid: "rule-edit-link" }, "Edit this rule") : null),
      h("h2", {}, `Documents the rule “${rule.name}” finds`),
      h("p", { class: "small" }, ...summaryNode(rule), " → ", chip(rule.label, labelColor(project.labels, rule.label)), rule.enabled ? null : h("span", { class: "muted" }, " (switched off: it does not vote now)")),
      summary,
      list,
      nav));
  try {
    const result = await api.ruleHits(project.id, rule.id, page, HITS_PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(result.total / HITS_PAGE_SIZE));
    if (result.total === 0) {
      replace(summary, "It finds no documents.");
    } else {
      const first = (result.page - 1) * HITS_PAGE_SIZE + 1;
      replace(summary, `Showing ${count(first)}–${count(first + result.hitsPage.length - 1)} of ${plural(result.total, "document")}.`);
    }
    replace(list, ...result.hitsPage.map((hit) => hitItem(project.id, hit, rule.label, project, false)));
    pager(nav, result.page, pages, (to) => { location.hash = ruleLink(project.id, rule.id, { show: "hits", page: to > 1 ? to : undefined }); });
  } catch (error) {
    replace(list, h("li", { class: "error", role: "alert", testid: "rule-hits-problem" }, `The documents could not be loaded: ${problemText(error)}`));
  }
}

function labelColor(labels: readonly Label[], name: string): string | null | undefined {
  return labels.find((l) => l.name === name)?.color;
}
