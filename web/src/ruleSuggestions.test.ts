import { describe, expect, it } from "vitest";
import {
  coverageLine, importLines, importProblemLines, moveFocus, precisionLine, readPackage, suggestionKey, suggestionName, suggestionRule,
} from "./ruleSuggestions";

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => suggestionKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("suggested rules", () => {
  it("become a keywords rule named after their terms, numbered when the name is taken whatever its case", () => {
    expect(suggestionRule({ label: "billing", terms: ["refund"] }, [])).toEqual({ name: "suggested: refund", label: "billing", kind: "keywords", terms: ["refund"] });
    expect(suggestionName(["refund"], ["Suggested: Refund", "suggested: refund (2)"])).toBe("suggested: refund (3)");
    expect(suggestionName(["money", "back"], ["refunds"])).toBe("suggested: money, back");
  });

  it("say how often they are right with the range, and how many documents they find", () => {
    expect(precisionLine({ precision: 1, precisionLow: 0.5101, precisionHigh: 1, support: 4 })).toBe("100% right on 4 labelled documents (51–100%)");
    expect(precisionLine({ precision: 0.975, precisionLow: 0.87, precisionHigh: 0.996, support: 40 })).toBe("98% right on 40 labelled documents (87–99%)");
    expect(coverageLine({ hits: 1 })).toBe("Finds 1 document");
    expect(coverageLine({ hits: 1234 })).toBe(`Finds ${(1234).toLocaleString()} documents`);
  });

  it("move with j, k and the arrows within the list, and are added with a or Enter; keys with modifiers are left alone", () => {
    expect([key("j"), key("ArrowDown"), key("k"), key("ArrowUp"), key("a"), key("Enter"), key("x"), key("a", { ctrlKey: true })])
      .toEqual(["next", "next", "previous", "previous", "accept", "accept", null, null]);
    expect([moveFocus(0, 3, "next"), moveFocus(2, 3, "next"), moveFocus(0, 3, "previous"), moveFocus(1, 3, "previous"), moveFocus(0, 0, "next")]).toEqual([1, 2, 0, 0, -1]);
  });
});

describe("moving rules between projects", () => {
  it("reads a rules file, refusing what is not JSON or has no list of rules", () => {
    expect(readPackage('{"format": 1, "rules": []}')).toEqual({ ok: true, pkg: { format: 1, rules: [] } });
    expect(readPackage("<html>")).toEqual({ ok: false, problem: "The file is not a rules file: it is not JSON. Choose a file saved with “Export rules”." });
    for (const text of ["[]", "null", '{"rules": 3}', "{}"]) {
      expect(readPackage(text)).toEqual({ ok: false, problem: "The file is not a rules file: it has no list of rules. Choose a file saved with “Export rules”." });
    }
  });

  it("says what an import added and why a rule came in switched off", () => {
    expect(importLines({ added: 2, switchedOff: [{ name: "phish", label: "phishing", reason: "The label 'phishing' is not among this project's labels." }] }))
      .toEqual(["Added 2 rules.", "“phish” came in switched off: The label 'phishing' is not among this project's labels."]);
    expect(importLines({ added: 0, switchedOff: [] })).toEqual(["The file held no rules: nothing was added."]);
  });

  it("names each refused rule by position and name, and the field", () => {
    const pkg = { format: 1, rules: [{ name: "fine", label: "ham", kind: "keywords" }, { name: "odd", label: "spam", kind: "grammar" }] };
    expect(importProblemLines({ "rules[1].kind": ["'grammar' is not a kind of rule."], "rules[5]": ["Rule 6 of the package is empty."], format: ["Format 2 cannot be read."] }, pkg))
      .toEqual(["Rule 2 “odd”, kind: 'grammar' is not a kind of rule.", "Rule 6: Rule 6 of the package is empty.", "format: Format 2 cannot be read."]);
  });
});
