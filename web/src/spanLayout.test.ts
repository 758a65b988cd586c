import { describe, expect, it } from "vitest";
import { snapToTokens } from "./spanCursor";
import { domOffset, layout, type Piece } from "./spanLayout";
import { region, span, text, tokens } from "./spanFixture";

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
