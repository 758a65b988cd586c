import { describe, expect, it } from "vitest";
import type { LabelAssessment } from "./api/client";
import { curveWords, feasibilityWaiting, partnerWords, SPARK, sparkline, taxonomyLink, taxonomyRequest } from "./labelDifficulty";

const labels = [{ id: 7, name: "rental" }, { id: 9, name: "lease" }, { id: 11, name: "other" }];
const assessment = (over: Partial<LabelAssessment>): LabelAssessment =>
  ({ label: "lease", support: 10, f1: 0.2, curve: [], confusedWith: null, note: null, ...over });

describe("sparkline", () => {
  it("runs from the first label count at the left to the last at the right, F1 0 at the bottom and 1 at the top", () => {
    const { d, last } = sparkline([{ labels: 10, f1: 0 }, { labels: 20, f1: 0.5 }, { labels: 30, f1: 1 }]);
    const bottom = SPARK.height - SPARK.pad;
    expect(d).toBe(`M${SPARK.pad} ${bottom} L60 16 L${SPARK.width - SPARK.pad} ${SPARK.pad}`);
    expect(last).toEqual({ x: SPARK.width - SPARK.pad, y: SPARK.pad });
  });

  it("draws a single point as a dot in the middle, and nothing without points", () => {
    expect(sparkline([{ labels: 12, f1: 0.5 }])).toEqual({ d: "", last: { x: 60, y: 16 } });
    expect(sparkline([])).toEqual({ d: "", last: null });
  });
});

describe("words", () => {
  it("says the curve's first and last F1 with their label counts", () => {
    expect(curveWords([{ labels: 12, f1: 0.4 }, { labels: 20, f1: 0.7 }, { labels: 1200, f1: 0.9 }])).toBe("F1 from 40% with 12 labels to 90% with 1,200.");
    expect(curveWords([])).toBe("No figures yet.");
  });

  it("says who a label is mixed up with, both ways", () => {
    expect(partnerWords(assessment({ confusedWith: { label: "rental", count: 6, back: 2, share: 0.6 } })))
      .toBe("Mixed up most with “rental”: 6 of its 10 documents were taken for “rental” (60%), and 2 documents labelled “rental” for “lease”.");
    expect(partnerWords(assessment({ confusedWith: { label: "rental", count: 1, back: 0, share: 0.1 } })))
      .toBe("Mixed up most with “rental”: 1 of its 10 documents was taken for “rental” (10%); none the other way.");
    expect(partnerWords(assessment({ label: "rental", support: 14, confusedWith: { label: "lease", count: 0, back: 10, share: 0 } })))
      .toBe("Mixed up most with “lease”: 10 documents labelled “lease” were taken for “rental”; none the other way.");
    expect(partnerWords(assessment({}))).toBeNull();
  });

  it("says how many labels there are before the first verdict", () => {
    expect(feasibilityWaiting(12)).toContain("After about 20 labelled documents");
    expect(feasibilityWaiting(12)).toContain("12 so far");
  });
});

describe("taxonomy links", () => {
  it("opens the merge of the note's label into its partner, by their ids", () => {
    const note = { kind: "consider-merging", text: "", merge: "lease", into: "rental" };
    // The larger label's note names the same merge.
    for (const label of ["lease", "rental"]) {
      expect(taxonomyLink(3, assessment({ label, note }), labels)).toEqual({ href: "#/projects/3/settings?merge=9&into=7", text: "Merge “lease” into “rental”…" });
    }
  });

  it("opens the split of a hard label, and a merge without a partner for a rare one", () => {
    expect(taxonomyLink(3, assessment({ label: "other", note: { kind: "hard", text: "" } }), labels)).toEqual({ href: "#/projects/3/settings?split=11", text: "Split “other”…" });
    expect(taxonomyLink(3, assessment({ label: "other", note: { kind: "too-rare", text: "" } }), labels)).toEqual({ href: "#/projects/3/settings?merge=11", text: "Merge “other” into another label…" });
  });

  it("gives no link without a note or when the label is gone (renamed or merged since)", () => {
    expect(taxonomyLink(3, assessment({}), labels)).toBeNull();
    expect(taxonomyLink(3, assessment({ label: "gone", note: { kind: "hard", text: "" } }), labels)).toBeNull();
    expect(taxonomyLink(3, assessment({ note: { kind: "consider-merging", text: "", merge: "gone", into: "rental" } }), labels)).toBeNull();
  });

  it("reads the merge or split asked for from the Settings address and ignores anything malformed", () => {
    expect(taxonomyRequest(new URLSearchParams("merge=9&into=7"))).toEqual({ action: "merge", label: 9, into: 7 });
    expect(taxonomyRequest(new URLSearchParams("merge=9"))).toEqual({ action: "merge", label: 9, into: null });
    expect(taxonomyRequest(new URLSearchParams("split=11"))).toEqual({ action: "split", label: 11 });
    expect(taxonomyRequest(new URLSearchParams("merge=x&split=1e3"))).toBeNull();
    expect(taxonomyRequest(new URLSearchParams(""))).toBeNull();
  });
});
