import { describe, expect, it } from "vitest";
import { cursorAt, fallbackTokens, moveCursor, moveCursorTo, selection, snapToTokens, toTokenSpans } from "./spanCursor";
import { span, tokens } from "./spanFixture";

describe("the token cursor", () => {
  it("moves one token with the arrows and stays within the tokens", () => {
    expect(moveCursor(cursorAt(2, 7), 1, false, 7)).toEqual({ anchor: 3, focus: 3 });
    expect(moveCursor(cursorAt(0, 7), -1, false, 7)).toEqual({ anchor: 0, focus: 0 });
    expect(moveCursor(cursorAt(6, 7), 1, false, 7)).toEqual({ anchor: 6, focus: 6 });
  });

  it("extends and shrinks the selection from its anchor with Shift, either way", () => {
    let c = cursorAt(4, 7);
    c = moveCursor(c, 1, true, 7);
    expect(selection(c)).toEqual({ first: 4, last: 5 });
    c = moveCursor(c, -1, true, 7);
    c = moveCursor(c, -1, true, 7);
    expect(c).toEqual({ anchor: 4, focus: 3 });
    expect(selection(c)).toEqual({ first: 3, last: 4 });
    // An arrow without Shift collapses onto where the cursor lands.
    expect(moveCursor(c, 1, false, 7)).toEqual({ anchor: 4, focus: 4 });
  });

  it("goes to the first and last token, extending with Shift", () => {
    expect(moveCursorTo(cursorAt(3, 7), 6, true, 7)).toEqual({ anchor: 3, focus: 6 });
    expect(moveCursorTo(cursorAt(3, 7), 0, false, 7)).toEqual({ anchor: 0, focus: 0 });
  });
});

describe("snapping to whole tokens", () => {
  it("widens a stretch to the tokens it touches", () => {
    expect(snapToTokens(tokens, 16, 21)).toEqual({ first: 4, last: 5 }); // "ew Yo" → "New York"
    expect(snapToTokens(tokens, 21, 16)).toEqual({ first: 4, last: 5 }); // backwards
    expect(snapToTokens(tokens, 15, 18)).toEqual({ first: 4, last: 4 }); // exactly "New"
  });

  it("leaves out a token that starts where the stretch ends, and finds nothing in whitespace", () => {
    expect(snapToTokens(tokens, 8, 12)).toEqual({ first: 2, last: 2 }); // "Bob " ends where "in" starts
    expect(snapToTokens(tokens, 11, 12)).toBeNull(); // the space between "Bob" and "in"
  });

  it("takes the token a click falls in", () => {
    expect(snapToTokens(tokens, 9, 9)).toEqual({ first: 2, last: 2 });
    expect(snapToTokens(tokens, 11, 11)).toBeNull();
  });

  it("puts a task's spans on tokens, dropping those that touch none", () => {
    expect(toTokenSpans(tokens, [
      { start: 19, end: 23, label: "LOC", probability: 0.4 },
      { start: 1, end: 2, label: "PER", probability: null },
      { start: 11, end: 12, label: "ORG", probability: 0.9 },
    ])).toEqual([span(0, 0, "PER"), span(5, 5, "LOC", 0.4)]);
  });
});

describe("tokens when the server sends none", () => {
  it("splits words, numbers and single punctuation marks, keeping inner apostrophes and hyphens", () => {
    const doc = "O'Neil paid $3.50 to well-known Zoë.";
    const words = fallbackTokens(doc, { start: 0, end: doc.length }).map((t) => doc.slice(t.start, t.end));
    expect(words).toEqual(["O'Neil", "paid", "$", "3.50", "to", "well-known", "Zoë", "."]);
  });
});
