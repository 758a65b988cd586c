import { api, ApiError, type Label } from "../api/client";
import type { RulePackage, SuggestedRule } from "../api/rules";
import { chip, h, replace } from "../dom";
import {
  coverageLine, importLines, importProblemLines, moveFocus, precisionLine, readPackage, suggestionKey, suggestionRule, SUGGESTIONS_EXPLAIN,
} from "../ruleSuggestions";
import { statusLine } from "./accountParts";
import { problemText } from "./ruleParts";

/**
 * The "Suggested rules" section for reviewers and owners: each suggestion with its label, terms, how often it is right
 * and how many documents it finds, added with one key (j/k or arrows move, a or Enter adds) or its Add button.
 * `onAdded` refreshes the rules list. Returns the section and a function that loads the suggestions.
 */
export function suggestionsSection(projectId: number, labels: readonly Label[], onAdded: () => Promise<void>): { el: HTMLElement; load: () => Promise<void> } {
  const status = statusLine("suggestions-status");
  const list = h("ul", { class: "rule-suggestions-list", testid: "suggestion-list", "aria-label": "Suggested rules" });
  const note = h("p", { class: "small muted", testid: "suggestions-note" }, "Looking for words that point to one label…");
  let suggestions: SuggestedRule[] = [];
  let focused = 0;
  let busy = false;

  /** Marks the focused suggestion (one tab stop in the list) and, with `focus`, moves the keyboard focus to it. */
  const mark = (focus: boolean) => {
    [...list.children].forEach((item, i) => {
      item.classList.toggle("focused", i === focused);
      item.setAttribute("tabindex", i === focused ? "0" : "-1");
      if (i === focused) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
    });
    if (focus && focused >= 0) (list.children[focused] as HTMLElement | undefined)?.focus();
  };

  const draw = (focus: boolean) => {
    focused = Math.max(0, Math.min(focused, suggestions.length - 1));
    replace(list, ...suggestions.map((s, i) => {
      const add = h("button", { type: "button", class: "button small", testid: "suggestion-add", "aria-label": `Add the rule: ${s.terms.join(", ")} → ${s.label}` }, "Add");
      add.addEventListener("click", () => void accept(i));
      const item = h("li", { class: "rule-suggestion", testid: "suggestion", "aria-keyshortcuts": "a Enter j k ArrowDown ArrowUp" },
      h("span", { class: "suggestion-rule" },
        ...s.terms.flatMap((t, j) => [j > 0 ? ", " : null, h("code", { testid: "suggestion-terms" }, t)]), " → ", chip(s.label, labels.find((l) => l.name === s.label)?.color)),
      h("span", { class: "small", testid: "suggestion-precision" }, precisionLine(s)),
      h("span", { class: "small muted", testid: "suggestion-coverage" }, coverageLine(s)),
      add);
      item.addEventListener("focus", () => {
        focused = i;
        mark(false);
      });
      return item;
    }));
    mark(focus);
  };

  const load = async (focus = false) => {
    try {
      const result = await api.ruleSuggestions(projectId);
      suggestions = result.suggestions;
      replace(note, suggestions.length > 0
        ? `From ${result.labelled.toLocaleString()} labelled documents. Keys: j and k (or the arrows) move, a or Enter adds the highlighted suggestion.`
        : result.reason ?? "No suggestions yet.");
      draw(focus);
    } catch (error) {
      replace(note, h("span", { class: "error", role: "alert", testid: "suggestions-problem" }, `Suggestions could not be worked out: ${problemText(error)}`));
    }
  };

  const accept = async (index: number) => {
    const s = suggestions[index];
    if (!s || busy) return;
    busy = true;
    focused = index;
    status.show(`Adding “${s.terms.join(", ")}” → ${s.label}…`);
    try {
      const { rules } = await api.rules(projectId);
      const made = await api.addRule(projectId, suggestionRule(s, rules.map((r) => r.name)));
      suggestions = suggestions.filter((x) => x !== s);
      draw(true);
      status.show(`Added the rule “${made.name}”: documents with ${s.terms.map((t) => `“${t}”`).join(", ")} now get a vote for ${made.label}.`, "ok");
      await onAdded();
      await load(list.contains(document.activeElement));
    } catch (error) {
      status.show(`Not added: ${problemText(error)}`, "error");
    } finally {
      busy = false;
    }
  };

  list.addEventListener("keydown", (e) => {
    const key = suggestionKey(e);
    // Enter on the Add button is the button's own click.
    if (key === null || suggestions.length === 0 || (e.key === "Enter" && (e.target as HTMLElement).tagName === "BUTTON")) return;
    e.preventDefault();
    e.stopPropagation();
    if (key === "accept") {
      void accept(focused);
    } else {
      focused = moveFocus(focused, suggestions.length, key);
      mark(true);
    }
  });

  const el = h("section", { class: "rule-suggestions", testid: "rule-suggestions" },
    h("h3", {}, "Suggested rules"),
    h("p", { class: "small muted explain-lead" }, SUGGESTIONS_EXPLAIN),
    note,
    status.el,
    list);
  return { el, load: () => load(false) };
}

/**
 * "Export rules" (a download, for reviewers and owners) and, for owners, "Import rules…": a rules file sent as it is,
 * the server's result or its refusal shown rule by rule. `onImported` refreshes the rules list.
 */
export function transferControls(projectId: number, canImport: boolean, onImported: () => Promise<void>): HTMLElement {
  const result = h("div", { class: "rules-import-result small", testid: "rules-import-result", role: "status", "aria-live": "polite" });
  const show = (kind: "ok" | "error", lines: string[]) => replace(result, h("ul", { class: kind === "error" ? "error" : "ok" }, ...lines.map((l) => h("li", {}, l))));
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, testid: "rules-import-file", "aria-label": "Rules file to import" });
  const choose = h("button", { type: "button", class: "button", testid: "rules-import" }, "Import rules…");
  choose.addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const picked = file.files?.[0];
    file.value = "";
    if (picked) void importFile(picked);
  });

  const importFile = async (picked: File) => {
    replace(result, `Importing ${picked.name}…`);
    const read = readPackage(await picked.text());
    if (!read.ok) {
      show("error", [read.problem]);
      return;
    }
    const pkg: RulePackage = read.pkg;
    try {
      const imported = await api.importRules(projectId, pkg);
      show("ok", importLines(imported));
      await onImported();
    } catch (error) {
      const fields = error instanceof ApiError ? importProblemLines(error.fieldErrors, pkg) : [];
      show("error", fields.length > 0 ? ["Nothing was imported:", ...fields] : [`Nothing was imported: ${problemText(error)}`]);
    }
  };

  return h("div", { class: "rules-transfer", testid: "rules-transfer" },
    h("a", { class: "button", href: api.rulesExportUrl(projectId), download: "", testid: "rules-export" }, "Export rules"),
    canImport ? choose : null,
    canImport ? file : null,
    result);
}
