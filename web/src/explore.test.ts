import { describe, expect, it } from "vitest";
import type { MapPage, MapPoint } from "./api/explore";
import {
  ANSWERED_COLOUR, bulkDone, bulkSentence, colouring, confidenceStep, coverageBar, coverageWords, excerpt, groupsWords, indicesIn, joinPages,
  labelColours, MAX_AT_ONCE, nameFromTerms, nextK, NONE_COLOUR, PALETTE, pageCount, rampColour, rgba, selectionWords, similarRuleLink, summarise, sureness,
  tooMany, uncovered, unlabelledIn, waitingWords,
} from "./explore";
import { formFromQuery } from "./rules";

const point = (documentId: number, over: Partial<MapPoint> = {}): MapPoint =>
  ({ documentId, x: 0, y: 0, cluster: 0, answer: null, prediction: null, confidence: null, ...over });

const labels = [{ name: "Sport", color: "#ff0000" }, { name: "Politics", color: "not a colour" }, { name: "Arts" }];

describe("colours", () => {
  it("keeps a label's valid colour and gives the others the palette's", () => {
    const colours = labelColours(labels);
    expect(colours.get("Sport")).toBe("#ff0000");
    expect(colours.get("Politics")).toBe(PALETTE[1]);
    expect(colours.get("Arts")).toBe(PALETTE[2]);
  });

  it("colours by answer, unlabelled grey, and counts each colour in the legend", () => {
    const points = [point(1, { answer: "Sport" }), point(2), point(3, { answer: "Arts" }), point(4, { answer: "Sport" }), point(5, { answer: "Gone" })];
    const c = colouring(points, "answer", labels, 0);
    expect([...c.categories]).toEqual([0, 3, 2, 0, 3]);
    expect(c.palette[3]).toBe(NONE_COLOUR);
    expect(c.legend).toEqual([
      { colour: "#ff0000", words: "Sport", count: 2 },
      { colour: PALETTE[2], words: "Arts", count: 1 },
      { colour: NONE_COLOUR, words: "Not labelled yet", count: 2 },
    ]);
  });

  it("colours by the model's guess, labelled documents by their answer", () => {
    const points = [point(1, { answer: "Sport" }), point(2, { prediction: "Politics", confidence: 0.9 }), point(3)];
    const c = colouring(points, "prediction", labels, 0);
    expect([...c.categories]).toEqual([0, 1, 3]);
    expect(c.legend.at(-1)).toEqual({ colour: NONE_COLOUR, words: "No guess yet", count: 1 });
  });

  it("measures sureness from chance: a coin toss with two labels is not sure at all", () => {
    expect(sureness(0.5, 2)).toBe(0);
    expect(sureness(1, 2)).toBe(1);
    expect(sureness(0.75, 2)).toBeCloseTo(0.5);
    expect(sureness(0.2, 4)).toBe(0);
    expect(confidenceStep(0)).toBe(0);
    expect(confidenceStep(0.99)).toBe(4);
    expect(confidenceStep(1)).toBe(4);
  });

  it("colours by sureness on a pale-to-dark ramp, with words for the legend", () => {
    const two = [{ name: "Yes" }, { name: "No" }];
    const points = [point(1, { prediction: "Yes", confidence: 0.52 }), point(2, { prediction: "No", confidence: 0.99 }), point(3), point(4, { answer: "Yes" })];
    const c = colouring(points, "confidence", two, 0);
    expect([...c.categories]).toEqual([0, 4, 5, 6]);
    expect(c.palette[0]).toBe(rampColour(0));
    expect(c.palette[6]).toBe(ANSWERED_COLOUR);
    expect(c.legend.map((l) => l.words)).toEqual(["Pale: the model is unsure", "Dark: the model is sure", "Grey: no guess yet", "Orange: already labelled"]);
    expect(rampColour(0)).toBe("#dbe4f5");
    expect(rampColour(4)).toBe("#122f7a");
  });

  it("colours by group, one colour per group, wrapping round the palette", () => {
    const points = [point(1, { cluster: 0 }), point(2, { cluster: 13 }), point(3, { cluster: 1 })];
    const c = colouring(points, "cluster", labels, 14);
    expect(c.palette).toHaveLength(14);
    expect(c.palette[13]).toBe(PALETTE[1]);
    expect([...c.categories]).toEqual([0, 13, 1]);
    expect(c.legend.map((l) => l.words)).toEqual(["Group 1", "Group 2", "Group 14"]);
  });
});

describe("the colours drawn", () => {
  it("turns categories into bytes, grey for a colour that is not valid or missing", () => {
    expect([...rgba([1, 0, 2, 5], ["#ff8000", "#0a0b0c", "red"])]).toEqual([10, 11, 12, 255, 255, 128, 0, 255, 128, 128, 128, 255, 128, 128, 128, 255]);
  });
});

describe("pages of the map", () => {
  const page = (n: number, points: MapPoint[], over: Partial<MapPage> = {}): MapPage =>
    ({ status: "ready", message: "", encoder: "tfidf", seed: 1, version: 3, k: 2, total: 3, page: n, pageSize: 2, points, ...over });

  it("joins pages of one version, and refuses pages of different versions or not ready", () => {
    expect(joinPages([page(1, [point(1), point(2)]), page(2, [point(3)])])!.map((p) => p.documentId)).toEqual([1, 2, 3]);
    expect(joinPages([page(1, [point(1)]), page(2, [point(3)], { version: 4 })])).toBeNull();
    expect(joinPages([page(1, [], { status: "computing" })])).toBeNull();
    expect(joinPages([])).toBeNull();
  });

  it("counts the pages", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20000)).toBe(1);
    expect(pageCount(20001)).toBe(2);
    expect(pageCount(100000, 20000)).toBe(5);
  });

  it("says what is happening while the map is made", () => {
    expect(waitingWords("encoding", "The sentence model is reading the documents: 1,200 of 5,000.")).toBe("The sentence model is reading the documents: 1,200 of 5,000.");
    expect(waitingWords("computing", "")).toMatch(/being drawn/);
    expect(waitingWords("encoding", " ")).toMatch(/being read/);
  });
});

describe("the choice", () => {
  const points = [point(10, { answer: "Sport" }), point(11), point(12, { answer: "Arts" }), point(13, { answer: "Sport" }), point(14)];

  it("summarises the chosen points: count, labels most first, unlabelled", () => {
    const s = summarise(points, [0, 1, 3, 4, 99]);
    expect(s).toEqual({ count: 4, documentIds: [10, 11, 13, 14], labels: [{ name: "Sport", count: 2 }], unlabelled: 2 });
    expect(selectionWords(s)).toBe("4 documents chosen: 2 “Sport”, 2 not labelled yet.");
    expect(selectionWords(summarise(points, [1]))).toBe("1 document chosen: none labelled yet.");
    expect(selectionWords(summarise(points, []))).toMatch(/^Nothing chosen/);
  });

  it("names the count and the label before a bulk answer, and says what it did", () => {
    expect(bulkSentence(12, "Sport")).toMatch(/^Label all 12 documents “Sport”\?/);
    expect(bulkDone(10, 2, "Sport")).toBe("Labelled 10 documents “Sport”. 2 documents already had that label from you.");
    expect(bulkDone(0, 0, "Sport")).toBe("Nothing changed.");
    expect(tooMany(MAX_AT_ONCE)).toBeNull();
    expect(tooMany(MAX_AT_ONCE + 1)).toMatch(/at most 5,000/);
  });
});

describe("groups", () => {
  it("says no label covers a group with none or almost none labelled", () => {
    expect(uncovered({ size: 100, labelled: 0 })).toBe(true);
    expect(uncovered({ size: 100, labelled: 1 })).toBe(true);
    expect(uncovered({ size: 100, labelled: 2 })).toBe(false);
    expect(uncovered({ size: 10, labelled: 1 })).toBe(false);
    expect(coverageWords({ size: 40, labelled: 0 })).toBe("None labelled yet");
    expect(coverageWords({ size: 40, labelled: 12 })).toBe("12 of 40 labelled");
  });

  it("splits the labelled bar by label, biggest first, and the unlabelled rest", () => {
    const bar = coverageBar({ size: 10, labelled: 4, labelCounts: { Arts: 1, Sport: 3 } });
    expect(bar.map((s) => [s.label, s.count])).toEqual([["Sport", 3], ["Arts", 1], [null, 6]]);
    bar.forEach((s, i) => expect(s.share).toBeCloseTo([0.3, 0.1, 0.6][i]));
    // Several labels per document: the labels share the labelled part.
    const multi = coverageBar({ size: 4, labelled: 2, labelCounts: { A: 2, B: 2 } });
    expect(multi.map((s) => s.share)).toEqual([0.25, 0.25, 0.5]);
  });

  it("makes a label name from the top terms, not one already taken", () => {
    expect(nameFromTerms(["court", "judge", "ruling"])).toBe("court / judge");
    expect(nameFromTerms([])).toBe("New label");
    expect(nameFromTerms(["court", "judge"], ["Court / Judge"])).toBe("court / judge 2");
    expect(nameFromTerms(["x".repeat(150)])).toHaveLength(100);
  });

  it("finds a group's unlabelled documents and its points", () => {
    const points = [point(1, { cluster: 1 }), point(2, { cluster: 1, answer: "A" }), point(3, { cluster: 0 }), point(4, { cluster: 1 })];
    expect(unlabelledIn(points, 1)).toEqual([1, 4]);
    expect(unlabelledIn(points, 1, 1)).toEqual([1]);
    expect(indicesIn(points, 1)).toEqual([0, 1, 3]);
  });

  it("steps k within what the API takes and says how it was chosen", () => {
    expect(nextK(2, -1)).toBeNull();
    expect(nextK(2, 1)).toBe(3);
    expect(nextK(50, 1)).toBeNull();
    expect(groupsWords(6, true)).toMatch(/^6 groups, a number chosen automatically/);
    expect(groupsWords(7, false)).toBe("7 groups, as you asked.");
  });
});

describe("a rule from a group", () => {
  it("links to a new similar rule with the example documents, which the editor reads back", () => {
    const link = similarRuleLink(3, [5, 8, 13], "court / judge");
    expect(link).toBe("#/projects/3/rules/new?kind=similar&documents=5%2C8%2C13&name=court+%2F+judge");
    const query = new URLSearchParams(link.slice(link.indexOf("?") + 1));
    const form = formFromQuery(query, ["Sport"]);
    expect(form.kind).toBe("similar");
    expect(form.exampleDocumentIds).toBe("5, 8, 13");
    expect(form.name).toBe("court / judge");
    expect(form.label).toBe("");
  });

  it("ignores what is not valid in the query", () => {
    const form = formFromQuery(new URLSearchParams("kind=nope&documents=1,x&label=Sport"), ["Sport"]);
    expect(form.kind).toBe("keywords");
    expect(form.exampleDocumentIds).toBe("");
    expect(form.label).toBe("Sport");
    expect(formFromQuery(new URLSearchParams("label=Other"), ["Sport"]).label).toBe("");
  });
});

describe("texts", () => {
  it("cuts long texts at a word, and leaves short ones whole", () => {
    expect(excerpt("a  short\ntext")).toBe("a short text");
    expect(excerpt("word ".repeat(100), 22)).toBe("word word word word…");
  });
});
