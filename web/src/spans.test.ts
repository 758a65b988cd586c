import { describe, expect, it } from "vitest";
import {
  assign, correctAnswer, cursorAt, cycleTarget, domOffset, fallbackTokens, layout, moveCursor, moveCursorTo, rangeOffsets,
  removeTarget, selection, snapToTokens, spanActionFor, storedMode, teachAnswer, toTokenSpans,
  type Offsets, type Piece, type TokenSpan,
} from "./spans";

// "Ada met Bob in New York." as the whole document; tokens by hand.
//  A d a _ m e t _ B o  b  _  i  n  _  N  e  w  _  Y  o  r  k  .
//  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
const text = "Ada met Bob in New York.";
const tokens: Offsets[] = [
  { start: 0, end: 3 }, // Ada
  { start: 4, end: 7 }, // met
  { start: 8, end: 11 }, // Bob
  { start: 12, end: 14 }, // in
  { start: 15, end: 18 }, // New
  { start: 19, end: 23 }, // York
  { start: 23, end: 24 }, // .
];
const region = { start: 0, end: 24 };
const span = (first: number, last: number, label: string, probability: number | null = null): TokenSpan => ({ first, last, label, probability });
const labels = [{ name: "PER", key: "p" }, { name: "LOC", key: "l" }, { name: "ORG", key: "o" }];

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
});

describe("laying out the region", () => {
  const flat = (pieces: Piece[]): string => pieces.map((p) => {
    switch (p.kind) {
      case "context": return `(${p.text})`;
      case "elided": return "…";
      case "gap": return p.text;
      case "token": return `[${p.text}]`;
      case "span": return `{${flat(p.pieces)}}`;
    }
  }).join("");

  it("keeps the text between tokens as text, and groups a span's tokens with the space between them", () => {
    const pieces = layout(text, region, tokens, [span(0, 0, "PER"), span(4, 5, "LOC")], 0);
    expect(flat(pieces)).toBe("{[Ada]} [met] [Bob] [in] {[New] [York]}[.]");
    const loc = pieces.find((p) => p.kind === "span" && p.span === 1);
    expect(loc).toMatchObject({ kind: "span", end: 23 });
    // Every piece knows where its text starts, so that a selection can be mapped back to offsets.
    expect(pieces[1]).toEqual({ kind: "gap", text: " ", start: 3 });
  });

  it("groups the first of overlapping spans and marks the others on their tokens", () => {
    const spans = [span(3, 5, "ORG"), span(4, 5, "LOC")];
    const pieces = layout(text, region, tokens, spans, 0);
    expect(flat(pieces)).toBe("[Ada] [met] [Bob] {[in] [New] [York]}[.]");
    const york = (pieces.find((p) => p.kind === "span") as Extract<Piece, { kind: "span" }>).pieces.find((p) => p.kind === "token" && p.text === "York");
    expect(york).toMatchObject({ spans: [0, 1] });
  });

  it("shows the document around a region greyed, cut to the context length with elision marks", () => {
    const doc = "First one. Ada met Bob. Last one.";
    const sentence = { start: 11, end: 23 };
    const toks = [{ start: 11, end: 14 }, { start: 15, end: 18 }, { start: 19, end: 22 }, { start: 22, end: 23 }];
    expect(flat(layout(doc, sentence, toks, [], 100))).toBe("(First one. )[Ada] [met] [Bob][.]( Last one.)");
    expect(flat(layout(doc, sentence, toks, [], 4))).toBe("…(ne. )[Ada] [met] [Bob][.]( Las)…");
    expect(flat(layout(doc, sentence, toks, [], 0))).toBe("[Ada] [met] [Bob][.]");
  });

  it("never cuts the context inside a surrogate pair", () => {
    const doc = "x😀y Ada";
    const pieces = layout(doc, { start: 5, end: 8 }, [{ start: 5, end: 8 }], [], 3);
    // 3 code units back from 5 is 2, the low half of 😀: the cut moves to 1, before the emoji.
    expect(pieces[1]).toEqual({ kind: "context", text: "😀y ", start: 1 });
  });
});

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
});

describe("the keys", () => {
  it("moves and selects with the arrows, Shift extending", () => {
    expect(spanActionFor({ key: "ArrowRight" }, labels, "correct", "page")).toEqual({ kind: "move", delta: 1, extend: false });
    expect(spanActionFor({ key: "ArrowLeft", shiftKey: true }, labels, "correct", "page")).toEqual({ kind: "move", delta: -1, extend: true });
    expect(spanActionFor({ key: "ArrowRight", repeat: true }, labels, "correct", "page").kind).toBe("move");
  });

  it("assigns with a type key in correct mode only", () => {
    expect(spanActionFor({ key: "L" }, labels, "correct", "page")).toEqual({ kind: "assign", label: "LOC" });
    expect(spanActionFor({ key: "l" }, labels, "teach", "page").kind).toBe("none");
  });

  it("gives Enter and Backspace their meaning in each mode", () => {
    expect(spanActionFor({ key: "Enter" }, labels, "correct", "page").kind).toBe("submit");
    expect(spanActionFor({ key: "Backspace" }, labels, "correct", "page").kind).toBe("remove");
    expect(spanActionFor({ key: "Delete" }, labels, "correct", "page").kind).toBe("remove");
    expect(spanActionFor({ key: "Enter" }, labels, "teach", "page").kind).toBe("accept");
    expect(spanActionFor({ key: "Backspace" }, labels, "teach", "page").kind).toBe("reject");
    expect(spanActionFor({ key: "a" }, labels, "teach", "page").kind).toBe("accept");
    expect(spanActionFor({ key: "x" }, labels, "teach", "page").kind).toBe("reject");
    expect(spanActionFor({ key: "a" }, labels, "correct", "page").kind).toBe("none");
  });

  it("lets a type's key win over a, x and m", () => {
    const taken = [{ name: "AMOUNT", key: "a" }, { name: "MISC", key: "m" }];
    expect(spanActionFor({ key: "a" }, taken, "teach", "page").kind).toBe("none");
    expect(spanActionFor({ key: "m" }, taken, "correct", "page")).toEqual({ kind: "assign", label: "MISC" });
    expect(spanActionFor({ key: "m" }, labels, "correct", "page").kind).toBe("mode");
  });

  it("never answers on a held key, in a field, or with Enter or Space on a button", () => {
    expect(spanActionFor({ key: "Enter", repeat: true }, labels, "correct", "page").kind).toBe("none");
    expect(spanActionFor({ key: "Backspace", repeat: true }, labels, "teach", "page").kind).toBe("none");
    expect(spanActionFor({ key: "p" }, labels, "correct", "typing").kind).toBe("none");
    expect(spanActionFor({ key: "Enter" }, labels, "teach", "control").kind).toBe("none");
    expect(spanActionFor({ key: " " }, labels, "correct", "control").kind).toBe("none");
    expect(spanActionFor({ key: " " }, labels, "correct", "page").kind).toBe("skip");
  });

  it("undoes with Ctrl+Z or Cmd+Z, and ignores other modified keys", () => {
    expect(spanActionFor({ key: "z", ctrlKey: true }, labels, "correct", "page").kind).toBe("undo");
    expect(spanActionFor({ key: "z", metaKey: true }, labels, "teach", "page").kind).toBe("undo");
    expect(spanActionFor({ key: "l", ctrlKey: true }, labels, "correct", "page").kind).toBe("none");
  });

  it("remembers teach mode only when it was chosen", () => {
    expect(storedMode("teach")).toBe("teach");
    expect(storedMode(null)).toBe("correct");
    expect(storedMode("nonsense")).toBe("correct");
  });
});

describe("a DOM text selection", () => {
  /** Draws the pieces as the view does: text with data-start, a span's tag with data-at. */
  const draw = (pieces: Piece[]): HTMLElement => {
    const el = (p: Piece): Node => {
      if (p.kind === "elided") return Object.assign(document.createElement("span"), { textContent: "… " });
      if (p.kind === "span") {
        const mark = document.createElement("mark");
        p.pieces.forEach((c) => mark.appendChild(el(c)));
        const tag = document.createElement("span");
        tag.dataset.at = String(p.end);
        tag.textContent = "LOC";
        mark.appendChild(tag);
        return mark;
      }
      const s = document.createElement("span");
      s.dataset.start = String(p.start);
      s.textContent = p.text;
      return s;
    };
    const root = document.createElement("div");
    pieces.forEach((p) => root.appendChild(el(p)));
    document.body.replaceChildren(root);
    return root;
  };
  const textOf = (root: HTMLElement, word: string): Text =>
    [...root.querySelectorAll("span")].find((s) => s.textContent === word)!.firstChild as Text;

  it("maps its ends to document offsets and snaps them to tokens", () => {
    const root = draw(layout(text, region, tokens, [span(4, 5, "LOC")], 0));
    const range = document.createRange();
    range.setStart(textOf(root, "Bob"), 1); // "o|b"
    range.setEnd(textOf(root, "New"), 2); // "Ne|w"
    const a = domOffset(range.startContainer, range.startOffset)!;
    const b = domOffset(range.endContainer, range.endOffset)!;
    expect([a, b]).toEqual([9, 17]);
    expect(snapToTokens(tokens, a, b)).toEqual({ first: 2, last: 4 });
  });

  it("reads a point on a type tag as the span's end and a point between elements as the next text", () => {
    const root = draw(layout(text, region, tokens, [span(4, 5, "LOC")], 0));
    expect(domOffset(textOf(root, "LOC"), 2)).toBe(23);
    expect(domOffset(root, 0)).toBe(0);
    expect(domOffset(root, root.childNodes.length)).toBe(24);
    const gap = [...root.querySelectorAll("span")].find((s) => s.dataset.start === "11")!;
    expect(domOffset(gap, 1)).toBe(12);
  });
});

describe("tokens when the server sends none", () => {
  it("splits words, numbers and single punctuation marks, keeping inner apostrophes and hyphens", () => {
    const doc = "O'Neil paid $3.50 to well-known Zoë.";
    const words = fallbackTokens(doc, { start: 0, end: doc.length }).map((t) => doc.slice(t.start, t.end));
    expect(words).toEqual(["O'Neil", "paid", "$", "3.50", "to", "well-known", "Zoë", "."]);
  });
});
