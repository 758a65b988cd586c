import { describe, expect, it } from "vitest";
import { assign, cycleTarget, edited, removeTarget } from "./spanEdits";
import { cursorAt } from "./spanCursor";
import { labels, span } from "./spanFixture";

describe("assigning and removing spans", () => {
  const spans = [span(0, 0, "PER", 0.9), span(4, 5, "LOC", 0.7)];

  it("adds a span in reading order, set by a person (no probability)", () => {
    expect(assign(spans, { first: 2, last: 2 }, "PER", false)).toEqual([span(0, 0, "PER", 0.9), span(2, 2, "PER"), span(4, 5, "LOC", 0.7)]);
  });

  it("changes the type of a span on exactly the same tokens", () => {
    expect(assign(spans, { first: 4, last: 5 }, "ORG", false)).toEqual([span(0, 0, "PER", 0.9), span(4, 5, "ORG")]);
  });

  it("replaces every span it overlaps when overlaps are not allowed", () => {
    expect(assign(spans, { first: 5, last: 6 }, "ORG", false)).toEqual([span(0, 0, "PER", 0.9), span(5, 6, "ORG")]);
    expect(assign(spans, { first: 0, last: 6 }, "ORG", false)).toEqual([span(0, 6, "ORG")]);
  });

  it("keeps overlapping spans when the project allows them", () => {
    expect(assign(spans, { first: 3, last: 5 }, "ORG", true)).toEqual([span(0, 0, "PER", 0.9), span(3, 5, "ORG"), span(4, 5, "LOC", 0.7)]);
  });

  it("removes the span selected exactly, else the innermost under the cursor", () => {
    const nested = [span(3, 5, "ORG"), span(4, 5, "LOC")];
    expect(removeTarget(nested, { anchor: 3, focus: 5 })).toEqual({ spans: [span(4, 5, "LOC")], removed: span(3, 5, "ORG") });
    expect(removeTarget(nested, cursorAt(5, 7))).toEqual({ spans: [span(3, 5, "ORG")], removed: span(4, 5, "LOC") });
    expect(removeTarget(nested, cursorAt(1, 7))).toEqual({ spans: nested, removed: null });
  });

  it("cycles the type of the span under the cursor through the types, both ways", () => {
    expect(cycleTarget(spans, cursorAt(5, 7), labels, 1).changed).toEqual(span(4, 5, "ORG"));
    expect(cycleTarget([span(4, 5, "ORG")], cursorAt(4, 7), labels, 1).changed).toEqual(span(4, 5, "PER"));
    expect(cycleTarget(spans, cursorAt(0, 7), labels, -1).changed).toEqual(span(0, 0, "ORG"));
    expect(cycleTarget(spans, cursorAt(2, 7), labels, 1).changed).toBeNull();
  });

  it("counts a span tagged, removed, moved or retyped as an unsaved edit, but not the order or a retype undone", () => {
    const shownWith = [span(0, 0, "PER", 0.9), span(4, 5, "LOC", 0.6)];
    expect(edited(shownWith, [span(4, 5, "LOC", 0.6), span(0, 0, "PER", 0.9)])).toBe(false);
    expect(edited(shownWith, [span(0, 0, "PER"), span(4, 5, "LOC", 0.6)])).toBe(false);
    expect(edited(shownWith, [span(0, 0, "PER", 0.9)])).toBe(true);
    expect(edited(shownWith, [span(0, 0, "PER", 0.9), span(4, 5, "LOC", 0.6), span(2, 2, "PER")])).toBe(true);
    expect(edited(shownWith, [span(0, 0, "ORG"), span(4, 5, "LOC", 0.6)])).toBe(true);
    expect(edited(shownWith, [span(0, 0, "PER", 0.9), span(5, 5, "LOC")])).toBe(true);
  });
});
