// Pure rules for suggested rules and for moving rules between projects: the words shown, the rule a suggestion
// becomes, the list's keys, and an import's result or refusal in words.
import type { NewRule, RuleImport, RulePackage, SuggestedRule } from "./api/rules";
import { percent } from "./rules";
import { plural } from "./views/parts";

/** What a suggestion is, for someone who has never trained a model. */
export const SUGGESTIONS_EXPLAIN =
  "A suggested rule is a word that, in the documents your team has already labelled, nearly always came with the same label; "
  + "adding it lets Tagloop give that label to every other document that contains the word.";

/** The name a suggestion's rule gets: "suggested: refund", numbered when the project already has that name (names are compared whatever the case). */
export function suggestionName(terms: readonly string[], taken: readonly string[]): string {
  const base = `suggested: ${terms.join(", ")}`.slice(0, 90);
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** The keywords rule a suggestion becomes: its terms vote its label. */
export function suggestionRule(s: Pick<SuggestedRule, "label" | "terms">, taken: readonly string[]): NewRule {
  return { name: suggestionName(s.terms, taken), label: s.label, kind: "keywords", terms: [...s.terms] };
}

/** "100% right on 4 labelled documents (51–100%)": the range is where the true share most likely lies. */
export function precisionLine(s: Pick<SuggestedRule, "precision" | "precisionLow" | "precisionHigh" | "support">): string {
  return `${percent(s.precision)} right on ${plural(s.support, "labelled document")} (${percent(s.precisionLow).replace("%", "")}–${percent(s.precisionHigh)})`;
}

/** "Finds 5 documents". */
export function coverageLine(s: Pick<SuggestedRule, "hits">): string {
  return `Finds ${plural(s.hits, "document")}`;
}

/** What a key does in the suggestions list: j/↓ next, k/↑ previous, a/Enter add the focused one. */
export type SuggestionKey = "next" | "previous" | "accept";

export function suggestionKey(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): SuggestionKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case "j": case "ArrowDown": return "next";
    case "k": case "ArrowUp": return "previous";
    case "a": case "Enter": return "accept";
    default: return null;
  }
}

/** The focused position after a move, kept within the list (-1 for an empty list). */
export function moveFocus(index: number, length: number, key: "next" | "previous"): number {
  if (length === 0) return -1;
  const to = key === "next" ? index + 1 : index - 1;
  return Math.min(length - 1, Math.max(0, to));
}

/** The text of a rules file read as a package, or why it cannot be sent. The server checks the rules themselves. */
export function readPackage(text: string): { ok: true; pkg: RulePackage } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "The file is not a rules file: it is not JSON. Choose a file saved with “Export rules”." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || !Array.isArray((value as { rules?: unknown }).rules)) {
    return { ok: false, problem: "The file is not a rules file: it has no list of rules. Choose a file saved with “Export rules”." };
  }
  return { ok: true, pkg: value as RulePackage };
}

/** "Added 4 rules." and, for each rule that came in switched off, its name and why. */
export function importLines(result: RuleImport): string[] {
  const head = result.added === 0 ? "The file held no rules: nothing was added." : `Added ${plural(result.added, "rule")}.`;
  const off = result.switchedOff.map((r) => `“${r.name}” came in switched off: ${r.reason}`);
  return [head, ...off];
}

/**
 * A refused import's problems, each naming the rule by its position and name: `rules[1].kind` becomes
 * "Rule 2 “odd”, kind: …". Fields outside a rule (format, the body) stay as they are.
 */
export function importProblemLines(errors: Record<string, string[]>, pkg: RulePackage | null): string[] {
  const lines: string[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const match = /^rules\[(\d+)\](?:\.(.+))?$/.exec(field);
    let where = field;
    if (match) {
      const index = Number(match[1]);
      const name = pkg?.rules?.[index]?.name;
      where = `Rule ${index + 1}${typeof name === "string" && name ? ` “${name}”` : ""}${match[2] ? `, ${match[2]}` : ""}`;
    }
    for (const message of messages) lines.push(`${where}: ${message}`);
  }
  return lines;
}
