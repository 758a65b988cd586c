// Pieces the Rules tab's pages share: a document a rule finds, a pager, the versions table, a problem as a sentence.
import { ApiError, type Project } from "../api/client";
import type { RuleHit, RuleVersion } from "../api/rules";
import { chip, h, replace } from "../dom";
import { link } from "../route";
import { summaryPieces, type RuleShape } from "../rules";
import { count } from "./parts";

/** A problem from the server as a sentence (its own words), or that it could not be reached. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Tagloop could not be reached. Check that it is still running, then try again.";
}

/** The address of a rule's page, its documents (`show: "hits"`) or the list (no rule). */
export function ruleLink(projectId: number, ruleId?: number | "new", query: Record<string, string | number | undefined> = {}): string {
  return link(`/projects/${projectId}/rules${ruleId === undefined ? "" : `/${ruleId}`}`, query);
}

/**
 * One document a rule finds: its number (a link to its page), its first characters as text, and its label so far,
 * marked as agreeing with the rule's label or not. `newTab` keeps an editor's unsaved draft open behind the link.
 */
export function hitItem(projectId: number, hit: RuleHit, ruleLabel: string | null, project: Pick<Project, "labels" | "multiLabel">, newTab: boolean): HTMLElement {
  const color = (name: string) => project.labels.find((l) => l.name === name)?.color;
  // A multi-label project's final label is a set, its names joined with ", ".
  const given = hit.answer === null ? [] : project.multiLabel ? hit.answer.split(", ") : [hit.answer];
  const agrees = given.length > 0 && ruleLabel !== null ? given.includes(ruleLabel) : null;
  return h("li", { class: "rule-hit", testid: "rule-hit", "data-document-id": String(hit.documentId) },
    h("div", { class: "rule-hit-head" },
      h("a", {
        href: link(`/projects/${projectId}/documents/${hit.documentId}`),
        target: newTab ? "_blank" : undefined,
        rel: newTab ? "noopener" : undefined,
        testid: "rule-hit-link",
      }, `Document #${hit.documentId}`, newTab ? h("span", { class: "sr-only" }, " (opens in a new tab)") : null),
      h("span", { class: "rule-hit-answer small", testid: "rule-hit-answer" },
        given.length === 0
          ? h("span", { class: "muted" }, "Not labelled yet")
          : h("span", {}, "Labelled ", ...given.map((name) => chip(name, color(name))),
              agrees === null ? null : agrees
                ? h("span", { class: "agree" }, "✓ as the rule says")
                : h("span", { class: "differ" }, "✗ not the rule’s label")))),
    h("div", { class: "rule-hit-text", testid: "rule-hit-text" }, hit.text));
}

/** "← Previous · Page 2 of 17 · Next →", hidden when there is one page. */
export function pager(nav: HTMLElement, page: number, pages: number, go: (page: number) => void, testid = "rule-pager"): void {
  nav.hidden = pages <= 1;
  nav.setAttribute("data-testid", testid);
  replace(nav,
    h("button", { type: "button", class: "button small", disabled: page <= 1, testid: `${testid}-previous`, onclick: () => go(page - 1) }, "← Previous"),
    h("span", { testid: `${testid}-page` }, `Page ${count(page)} of ${count(pages)}`),
    h("button", { type: "button", class: "button small", disabled: page >= pages, testid: `${testid}-next`, onclick: () => go(page + 1) }, "Next →"));
}

/** Every version of a rule, newest first: what it changed, who, when. */
export function versionsTable(versions: readonly RuleVersion[]): HTMLElement {
  if (versions.length === 0) return h("p", { class: "small muted" }, "No versions yet.");
  return h("div", { class: "table-wrap" }, h("table", { class: "metrics plain-table rule-versions", testid: "rule-versions" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Version"), h("th", { scope: "col" }, "What changed"), h("th", { scope: "col" }, "Who"), h("th", { scope: "col" }, "When"))),
    h("tbody", {}, ...versions.map((v) => h("tr", { testid: "rule-version" },
      h("td", { class: "nowrap" }, String(v.version)),
      h("td", { class: "what" }, v.summary, h("div", { class: "small muted", testid: "rule-version-then" }, "Then: ", ...summaryNode(snapshotShape(v.rule)), ` → ${v.rule.label}${v.rule.enabled === false ? " (off)" : ""}`)),
      h("td", { class: "name" }, v.author),
      h("td", { class: "nowrap muted" }, new Date(v.at).toLocaleString()))))));
}

/** The on/off switch of a rule: a button people can press (`onToggle`), or plain words for those who cannot change it. */
export function ruleSwitch(name: string, enabled: boolean, onToggle: (() => void) | null, testid: string): HTMLElement {
  const words = enabled ? "On" : "Off";
  if (!onToggle) return h("span", { class: enabled ? "rule-state on" : "rule-state off", testid }, words);
  return h("button", {
    type: "button",
    role: "switch",
    class: enabled ? "switch on" : "switch",
    "aria-checked": enabled ? "true" : "false",
    "aria-label": `Rule “${name}” is switched ${enabled ? "on" : "off"}`,
    title: enabled ? "Switch the rule off: it stops voting, and keeps its figures" : "Switch the rule on: it votes again",
    testid,
    onclick: onToggle,
  }, h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-knob" })), h("span", { class: "switch-words" }, words));
}

/** A version's copy of the rule in the shape summaries read (fields its kind has not are left out of the copy). */
export function snapshotShape(rule: RuleVersion["rule"]): RuleShape {
  return {
    kind: rule.kind, label: rule.label, terms: rule.terms ?? [], match: rule.match ?? "any", caseSensitive: rule.caseSensitive ?? false,
    pattern: rule.pattern ?? null, examples: rule.examples ?? [], exampleDocumentIds: rule.exampleDocumentIds ?? [], threshold: rule.threshold ?? null,
    metaField: rule.metaField ?? null, metaValue: rule.metaValue ?? null,
  };
}

/** What a rule matches, as text, its pattern (if any) as code. */
export function summaryNode(rule: RuleShape): HTMLElement[] {
  return summaryPieces(rule).filter((p) => p !== "").map((p) => (typeof p === "string" ? h("span", {}, p) : h("code", {}, p.code)));
}
