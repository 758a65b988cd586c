import { describe, expect, it } from "vitest";
import { answerWords, decidedWords, finalSentence, percent, reasonFilters, reasonTitle, reasonWords } from "./review";

describe("decidedWords", () => {
  it("says how a final label was decided", () => {
    expect(decidedWords("adjudication", "rita")).toBe("decided by rita (review)");
    expect(decidedWords("adjudication", null)).toBe("decided by a reviewer");
    expect(decidedWords("majority")).toBe("by majority");
    expect(decidedWords("single")).toBe("single answer");
    expect(decidedWords("undecided")).toBe("undecided: answers disagree");
    expect(decidedWords("something-new")).toBe("something-new");
  });
});

describe("finalSentence", () => {
  it("names the labels and how they were decided", () => {
    expect(finalSentence(["spam"], "adjudication", "rita")).toBe("Final label: spam — decided by rita (review)");
    expect(finalSentence(["a", "b"], "majority")).toBe("Final label: a, b — by majority");
    expect(finalSentence(["ham"], "single")).toBe("Final label: ham — single answer");
  });
  it("says when answers disagree or there is none", () => {
    expect(finalSentence(null, "undecided")).toBe("Final label: undecided: answers disagree");
    expect(finalSentence([], "single")).toBe("Final label: none yet");
  });
});

describe("percent", () => {
  it("rounds to whole percentages without claiming certainty or nothing", () => {
    expect(percent(0.934)).toBe("93%");
    expect(percent(0.999)).toBe("99%");
    expect(percent(1)).toBe("100%");
    expect(percent(0.001)).toBe("1%");
    expect(percent(0)).toBe("0%");
    expect(percent(Number.NaN)).toBe("—");
  });
});

describe("reasons", () => {
  it("has a title and a sentence for each reason", () => {
    expect(reasonTitle("suspect")).toBe("Suspect");
    expect(reasonWords("suspect")).toBe("Suspect: the model is confident this label is wrong.");
    expect(reasonWords("disagreement")).toContain("different answers");
    expect(reasonTitle("other")).toBe("other");
  });
  it("lists All first with the queue's total, then each reason with its count", () => {
    const filters = reasonFilters({ disagreement: 2, suspect: 1 }, 3);
    expect(filters.map((f) => f.reason)).toEqual(["all", "relabel", "disagreement", "flagged", "suspect"]);
    expect(filters.map((f) => f.count)).toEqual([3, 0, 2, 0, 1]);
    expect(reasonFilters({}, undefined)[0].count).toBeUndefined();
  });
});

describe("answerWords", () => {
  const base = { annotationId: 1, author: "ana", labels: ["spam"], skipped: false, flagged: false, flagNote: null, createdAt: "2026-01-01T00:00:00Z" };
  it("says what a person answered", () => {
    expect(answerWords(base)).toBe("spam");
    expect(answerWords({ ...base, labels: [], skipped: true })).toBe("skipped");
    expect(answerWords({ ...base, flagged: true, flagNote: "not sure" })).toBe("spam (flagged: not sure)");
    expect(answerWords({ ...base, flagged: true })).toBe("spam (flagged)");
  });
});
