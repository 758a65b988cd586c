import { describe, expect, it } from "vitest";
import type { Rule } from "./api/rules";
import {
  accuracyLine, addTerms, documentIds, draftOf, formField, formOf, hitsLine, labelModelLine, labelModelWhy, overlapLine, parseTerms, percent,
  ruleSummary, share, summaryPieces, termShape, termWords, thresholdOf, totalsLine,
} from "./rules";

const rule = (over: Partial<Rule>): Rule => ({
  id: 1, name: "refunds", label: "billing", kind: "keywords", terms: [], match: "any", caseSensitive: false, pattern: null,
  examples: [], exampleDocumentIds: [], threshold: null, metaField: null, metaValue: null, enabled: true, note: null, version: 1,
  createdBy: "olivia", createdAt: "2026-01-01T00:00:00Z", updatedBy: "olivia", updatedAt: "2026-01-01T00:00:00Z", ...over,
});

const labels = [{ name: "billing", description: "Money matters: invoices, refunds." }, { name: "other", description: "" }];

describe("terms", () => {
  it("tells prefixes, suffixes, substrings, phrases and words apart", () => {
    expect(termShape("refund*")).toEqual({ shape: "prefix", text: "refund" });
    expect(termShape("*fund")).toEqual({ shape: "suffix", text: "fund" });
    expect(termShape("*fund*")).toEqual({ shape: "substring", text: "fund" });
    expect(termShape("money back")).toEqual({ shape: "phrase", text: "money back" });
    expect(termShape("refund")).toEqual({ shape: "word", text: "refund" });
    expect(termWords("refund*")).toBe("words starting with “refund”");
    expect(termWords("*fund*")).toBe("“fund” anywhere in the text");
  });

  it("splits on commas and line breaks, keeps a quoted term's commas, and tidies spaces", () => {
    expect(parseTerms(" refund* ,  money   back\nchargeback\r\n")).toEqual(["refund*", "money back", "chargeback"]);
    expect(parseTerms("\"Smith, J.\", appeal")).toEqual(["Smith, J.", "appeal"]);
    expect(parseTerms("“Smith, J.”, appeal")).toEqual(["Smith, J.", "appeal"]);
    expect(parseTerms(" , ,")).toEqual([]);
  });

  it("adds new terms, leaves repeats out whatever the case unless case matters, and names a term it refuses", () => {
    const added = addTerms(["refund"], "Refund, money back, money back", false);
    expect(added).toEqual({ ok: true, terms: ["refund", "money back"], added: ["money back"], repeated: ["Refund", "money back"] });
    expect(addTerms(["refund"], "Refund", true)).toMatchObject({ ok: true, terms: ["refund", "Refund"] });
    const star = addTerms([], "refund, **", false);
    expect(star.ok).toBe(false);
    expect(!star.ok && star.problem).toContain("“**” alone finds nothing");
    const inside = addTerms([], "re*fund", false);
    expect(!inside.ok && inside.problem).toBe("In “re*fund” a star stands inside the term; it may only start or end one: refund*, *fund or *fund*.");
    expect(addTerms([], "refund**", false).ok).toBe(false);
    expect(addTerms([], "*fund*", false).ok).toBe(true);
    const long = addTerms([], "x".repeat(201), false);
    expect(!long.ok && long.problem).toContain("201 characters; at most 200");
    expect(addTerms(Array.from({ length: 500 }, (_, i) => `t${i}`), "one more", false).ok).toBe(false);
  });
});

describe("summaries", () => {
  it("says what each kind of rule matches in one line", () => {
    expect(ruleSummary(rule({ terms: ["refund*", "money back", "chargeback"] }))).toBe("Has any of “refund*”, “money back” or “chargeback”");
    expect(ruleSummary(rule({ terms: ["refund"], caseSensitive: true }))).toBe("Has “refund” (upper and lower case as written)");
    expect(ruleSummary(rule({ terms: ["a", "b", "c", "d", "e", "f"], match: "all" }))).toBe("Has all of “a”, “b”, “c”, “d” and 2 more");
    expect(ruleSummary(rule({ kind: "regex", pattern: "\\brefund(s|ed)?\\b" }))).toBe("Matches the pattern \\brefund(s|ed)?\\b");
    expect(summaryPieces(rule({ kind: "regex", pattern: "INV-\\d{6}", caseSensitive: true }))).toEqual(["Matches the pattern ", { code: "INV-\\d{6}" }, " (upper and lower case as written)"]);
    expect(ruleSummary(rule({ kind: "similar", examples: ["a", "b"], exampleDocumentIds: [12], threshold: 0.6 }))).toBe("Reads like 2 example texts and document 12 (alike at least 0.60)");
    expect(ruleSummary(rule({ kind: "similar", exampleDocumentIds: [12, 13], threshold: 0.5 }))).toBe("Reads like 2 documents (alike at least 0.50)");
    expect(ruleSummary(rule({ kind: "label-description", threshold: 0.45 }))).toBe("Reads like the description of “billing” (alike at least 0.45)");
    expect(ruleSummary(rule({ kind: "metadata", metaField: "source", metaValue: "helpdesk" }))).toBe("source is “helpdesk”");
  });
});

describe("figures", () => {
  it("writes shares with a decimal below 10%, never 0% for some or 100% for less than all", () => {
    expect(share(0.026)).toBe("2.6%");
    expect(share(0.05)).toBe("5%");
    expect(share(0.7)).toBe("70%");
    expect(share(0.0004)).toBe("under 0.1%");
    expect(share(0)).toBe("0%");
    expect(share(0.998)).toBe("99%");
    expect(share(1)).toBe("100%");
    expect(share(0.0996)).toBe("10%");
    expect(share(null)).toBe("—");
    expect(percent(0.004)).toBe("1%");
    expect(percent(0.996)).toBe("99%");
  });

  it("reads hits, accuracy with its range, and overlaps in words", () => {
    expect(hitsLine({ hits: 321, coverage: 0.026 }, 12345)).toBe(`321 documents of ${(12345).toLocaleString()} (2.6%)`);
    expect(hitsLine({ hits: 1, coverage: 0.5 })).toBe("1 document (50%)");
    expect(hitsLine({ hits: 0, coverage: 0 })).toBe("No documents");
    // 33 of 40 answered right (82.5%, shown 83%); the Wilson interval of 33/40 at 95% is 0.6805 to 0.9125.
    const figures = { hits: 321, answered: 40, correct: 33, accuracy: 33 / 40, accuracyLow: 0.6805, accuracyHigh: 0.9125 };
    expect(accuracyLine(figures)).toBe("83% right on 40 answered documents (68–91%)");
    expect(accuracyLine({ ...figures, answered: 1, correct: 1, accuracy: 1, accuracyLow: 0.21, accuracyHigh: 1 })).toBe("100% right on 1 answered document (21–100%)");
    expect(accuracyLine({ ...figures, answered: 0, correct: 0, accuracy: null, accuracyLow: null, accuracyHigh: null })).toBe("Not known yet: nobody has answered the documents it finds");
    expect(accuracyLine({ ...figures, hits: 0 })).toBe("Nothing to check: it finds no documents");
    // A multi-label project gives no accuracy, only how many answered documents have the rule's label among theirs.
    expect(accuracyLine({ ...figures, accuracy: null, accuracyLow: null, accuracyHigh: null }, true)).toBe("33 of 40 answered documents have its label");
    expect(accuracyLine({ ...figures, correct: 1, accuracy: null, accuracyLow: null, accuracyHigh: null }, true)).toBe("1 of 40 answered documents has its label");
    expect(overlapLine({ hits: 321, overlaps: 0.4, conflicts: 0.1 })).toBe("Other rules also vote on 40% of these documents and disagree on 10%");
    expect(overlapLine({ hits: 321, overlaps: 0.4, conflicts: 0 })).toBe("Other rules also vote on 40% of these documents and always agree");
    expect(overlapLine({ hits: 321, overlaps: 0, conflicts: 0 })).toBe("No other rule votes on these documents");
  });

  it("sums up the switched-on rules and the label model", () => {
    const on = { id: 1, enabled: true } as never;
    expect(totalsLine({ documents: 100, totals: { coverage: 0.7, overlap: 0.3, conflict: 0.05 }, rules: [on] }))
      .toBe("Rules cover 70% of documents; they disagree on 5%. Two or more rules vote on 30%.");
    expect(totalsLine({ documents: 100, totals: { coverage: 0.2, overlap: 0, conflict: 0 }, rules: [on] })).toBe("Rules cover 20% of documents; they never disagree.");
    expect(totalsLine({ documents: 100, totals: { coverage: 0, overlap: 0, conflict: 0 }, rules: [] })).toBe("No rule is switched on: the rules below vote on nothing yet.");
    const chosen = { name: "dawid-skene", choice: "auto: best on the 380 answered documents with a vote (dawid-skene 86%, majority vote 84%)", coverage: 0.7, accuracy: 0.86 };
    expect(labelModelLine(chosen, 400))
      .toBe("Tagloop combines the switched-on rules’ votes into one label per document with the Dawid–Skene model (it trusts the rules that seem more reliable more): it labels 70% of documents, 86% right on those people answered.");
    expect(labelModelWhy(chosen)).toBe("Chosen automatically: best on the 380 answered documents with a vote (dawid-skene 86%, majority vote 84%).");
    const fallback = { name: "majority", choice: "auto: no answers yet, so the default for 3 labels, majority", coverage: 0.5, accuracy: null };
    expect(labelModelLine(fallback, 0))
      .toBe("Tagloop combines the switched-on rules’ votes into one label per document with a majority vote (each rule counts the same): it labels 50% of documents. Once people have answered some of them, you will see how often it is right.");
    expect(labelModelWhy({ ...fallback, coverage: 0 })).toBeNull();
    expect(labelModelWhy({ ...fallback, choice: "set by the owner." })).toBe("Set by the owner.");
    expect(labelModelLine(null, 0)).toBeNull();
  });
});

describe("the editor's draft", () => {
  it("sends only the chosen kind's fields, and names the field to fix", () => {
    const form = { ...formOf(null, "billing"), name: " refunds ", terms: ["refund*"], pattern: "left over" };
    expect(draftOf(form, labels, "save")).toEqual({ ok: true, draft: { name: "refunds", label: "billing", kind: "keywords", terms: ["refund*"], match: "any", caseSensitive: false } });
    expect(draftOf({ ...form, name: "" }, labels, "save")).toMatchObject({ ok: false, field: "name" });
    expect(draftOf({ ...form, name: "" }, labels, "preview")).toMatchObject({ ok: true, draft: { name: null } });
    expect(draftOf({ ...form, label: "" }, labels, "save")).toMatchObject({ ok: false, field: "label" });
    expect(draftOf({ ...form, label: "gone" }, labels, "save")).toMatchObject({ ok: false, field: "label", problem: expect.stringContaining("“gone” no longer exists") });
    expect(draftOf({ ...form, terms: [] }, labels, "preview")).toMatchObject({ ok: false, field: "terms" });
    expect(draftOf({ ...form, kind: "regex" }, labels, "save")).toEqual({ ok: true, draft: { name: "refunds", label: "billing", kind: "regex", pattern: "left over", caseSensitive: false } });
    expect(draftOf({ ...form, kind: "metadata", metaField: "source" }, labels, "save")).toMatchObject({ ok: false, field: "metaValue", problem: "Give the value source must have." });
    expect(draftOf({ ...form, kind: "label-description", label: "other" }, labels, "save")).toMatchObject({ ok: false, field: "label", problem: expect.stringContaining("has no description") });
    expect(draftOf({ ...form, kind: "label-description", threshold: "0,7" }, labels, "save")).toMatchObject({ ok: true, draft: { threshold: 0.7 } });
  });

  it("reads examples, document numbers and thresholds", () => {
    const form = { ...formOf(null, "billing"), name: "like these", kind: "similar" as const, examples: ["  I want my money back ", ""], exampleDocumentIds: "#12, 15 12" };
    expect(draftOf(form, labels, "save")).toMatchObject({ ok: true, draft: { examples: ["I want my money back"], exampleDocumentIds: [12, 15], threshold: 0.5 } });
    expect(draftOf({ ...form, examples: [""], exampleDocumentIds: "" }, labels, "save")).toMatchObject({ ok: false, field: "examples" });
    expect(draftOf({ ...form, exampleDocumentIds: "12, twelve" }, labels, "save")).toMatchObject({ ok: false, field: "exampleDocumentIds", problem: expect.stringContaining("“twelve”") });
    expect(draftOf({ ...form, threshold: "1.5" }, labels, "save")).toMatchObject({ ok: false, field: "threshold" });
    expect(thresholdOf("0")).toMatchObject({ ok: false });
    expect(thresholdOf("1")).toEqual({ ok: true, value: 1 });
    expect(documentIds("0").ok).toBe(false);
  });

  it("reads an existing rule into the form and maps the API's fields onto the editor's", () => {
    const form = formOf(rule({ kind: "similar", examples: ["a"], exampleDocumentIds: [3, 4], threshold: 0.7 }));
    expect(form).toMatchObject({ kind: "similar", label: "billing", examples: ["a"], exampleDocumentIds: "3, 4", threshold: "0.7" });
    expect(formField("terms[2]")).toBe("terms");
    expect(formField("examples[0]")).toBe("examples");
    expect(formField("MetaField")).toBe("metaField");
    expect(formField("pattern")).toBe("pattern");
  });
});
