import { describe, expect, it } from "vitest";
import {
  barShare, EMPTY_ADVICE, headline, NONE, range, reading, readingSentence, score, share, unsettled, WHY, whyMissing, whyNoRange, withRange,
} from "./agreement";

const est = (value: number | null, low: number | null = null, high: number | null = null) => ({ value, low, high });

describe("number formats", () => {
  it("writes figures with two decimals, a true minus sign, and a dash when missing", () => {
    expect(score(0.5333)).toBe("0.53");
    expect(score(0.5)).toBe("0.50");
    expect(score(1)).toBe("1.00");
    expect(score(-0.125)).toBe("−0.13");
    expect(score(-0.001)).toBe("0.00");
    expect(score(null)).toBe(NONE);
    expect(score(undefined)).toBe(NONE);
    expect(score(Number.NaN)).toBe(NONE);
  });

  it("writes shares as whole percentages, like the Model tab", () => {
    expect(share(0.75)).toBe("75%");
    expect(share(0.6667)).toBe("67%");
    expect(share(null)).toBe(NONE);
  });

  it("writes a range only when both ends and the value are known", () => {
    expect(range(est(0.53, 0.12, 0.87))).toBe("0.12 to 0.87");
    expect(range(est(0.53, -0.2, 1))).toBe("−0.20 to 1.00");
    expect(range(est(0.53))).toBeNull();
    expect(range(est(null, 0.1, 0.2))).toBeNull();
    expect(range(null)).toBeNull();
    expect(withRange(est(0.53, 0.12, 0.87))).toBe("0.53 (0.12 to 0.87)");
    expect(withRange(est(0.53))).toBe("0.53");
    expect(withRange(est(null))).toBe(NONE);
  });
});

describe("Krippendorff's reading", () => {
  it("says reliable from 0.8, tentative from 0.667, weak below", () => {
    expect(reading(1)).toBe("reliable");
    expect(reading(0.8)).toBe("reliable");
    expect(reading(0.7999)).toBe("tentative");
    expect(reading(0.667)).toBe("tentative");
    expect(reading(0.6669)).toBe("weak");
    expect(reading(0.5333)).toBe("weak");
    expect(reading(-0.4)).toBe("weak");
    expect(reading(null)).toBeNull();
  });

  it("puts each reading in plain words, and below chance in its own", () => {
    expect(readingSentence(0.9)).toMatch(/^Reliable:/);
    expect(readingSentence(0.7)).toMatch(/^Tentative:/);
    expect(readingSentence(0.53)).toMatch(/^Weak: people often label/);
    expect(readingSentence(-0.2)).toMatch(/more often than chance/);
    expect(readingSentence(null)).toBeNull();
  });

  it("calls a reading unsettled when its range spans more than one band", () => {
    expect(unsettled(est(0.85, 0.6, 0.95))).toBe(true);
    expect(unsettled(est(0.9, 0.82, 0.97))).toBe(false);
    expect(unsettled(est(0.3, -0.1, 0.6))).toBe(false);
    expect(unsettled(est(0.9))).toBe(false);
  });

  it("gives bars from 0 to 1, none for figures below 0", () => {
    expect(barShare(0.53)).toBe(0.53);
    expect(barShare(-0.3)).toBe(0);
    expect(barShare(1.2)).toBe(1);
    expect(barShare(null)).toBe(0);
  });
});

describe("headline and advice", () => {
  it("counts the shared documents and the people", () => {
    expect(headline({ documents: 4, annotators: 2 })).toBe("4 documents were labelled by two or more people, 2 people in all.");
    expect(headline({ documents: 1, annotators: 3 })).toBe("1 document was labelled by two or more people, 3 people in all.");
    expect(headline({ documents: 1200, annotators: 5 })).toBe("1,200 documents were labelled by two or more people, 5 people in all.");
    expect(headline({ documents: 0, annotators: 0 })).toBe("No document has been labelled by two or more people yet.");
  });

  it("says what to do: another name in Annotating as, labels from Browse, because the queue gives each document to one person", () => {
    expect(EMPTY_ADVICE).toContain("“Annotating as”");
    expect(EMPTY_ADVICE).toContain("Browse");
    expect(EMPTY_ADVICE).toContain("its queue gives each document to one person only");
  });
});

describe("why a figure is missing", () => {
  it("names no shared documents, or the same answer everywhere, by the kind of figure", () => {
    expect(whyMissing(est(0.5), 4, "overall")).toBeNull();
    expect(whyMissing(est(null), 0, "overall")).toBe(WHY.noneShared);
    expect(whyMissing(null, 0, "overall")).toBe(WHY.noneShared);
    expect(whyMissing(est(null), 3, "overall")).toBe(WHY.sameAnswer);
    expect(whyMissing(est(null), 3, "label")).toBe(WHY.sameForLabel);
    expect(whyMissing(est(null), 3, "pair")).toBe(WHY.samePair);
  });

  it("says the range is unknown with too few documents, only when the value is there", () => {
    expect(whyNoRange(est(0.5))).toBe(WHY.noRange);
    expect(whyNoRange(est(0.5, 0.1, 0.9))).toBeNull();
    expect(whyNoRange(est(null))).toBeNull();
  });
});
