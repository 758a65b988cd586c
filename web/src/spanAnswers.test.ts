import { describe, expect, it } from "vitest";
import { correctAnswer, flagFields, teachAnswer } from "./spanAnswers";
import { rangeOffsets } from "./spanCursor";
import { region, span, tokens } from "./spanFixture";

describe("the answers", () => {
  it("sends the region and every span as document offsets in correct mode", () => {
    const body = correctAnswer(7, { start: 0, end: 24 }, tokens, [span(4, 5, "LOC", 0.8), span(0, 0, "PER")], 3.2);
    expect(body).toEqual({
      documentId: 7,
      region: { start: 0, end: 24 },
      spans: [{ start: 0, end: 3, label: "PER" }, { start: 15, end: 23, label: "LOC" }],
      skip: false,
      secondsSpent: 3.2,
    });
  });

  it("sends an empty list for a region with no entities", () => {
    expect(correctAnswer(7, region, tokens, [], 1).spans).toEqual([]);
  });

  it("sends exactly the suggested span with accept or reject in teach mode", () => {
    const suggestion = { start: 15, end: 23, label: "LOC", probability: 0.55 };
    expect(teachAnswer(9, suggestion, true, 2)).toEqual({ documentId: 9, spans: [{ start: 15, end: 23, label: "LOC" }], accept: true, skip: false, secondsSpent: 2 });
    expect(teachAnswer(9, suggestion, false, 2).accept).toBe(false);
  });

  it("maps whole tokens back to offsets", () => {
    expect(rangeOffsets(tokens, { first: 2, last: 3 })).toEqual({ start: 8, end: 14 });
  });

  it("leaves the flag out when the annotator did not touch it, so that the document keeps the flag it has", () => {
    expect(flagFields(undefined)).toEqual({});
  });

  it("sends a flag with its note, an empty note as none, and a flag taken off as false", () => {
    expect(flagFields({ flagged: true, note: "a clause cut in half" })).toEqual({ flag: true, flagNote: "a clause cut in half" });
    expect(flagFields({ flagged: true, note: "" })).toEqual({ flag: true, flagNote: null });
    expect(flagFields({ flagged: false, note: "" })).toEqual({ flag: false, flagNote: null });
  });
});
