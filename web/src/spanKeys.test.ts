import { describe, expect, it } from "vitest";
import { spanActionFor, storedMode } from "./spanKeys";
import { labels } from "./spanFixture";

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

  it("flags with f in both modes unless a type has the key, and never while typing", () => {
    expect(spanActionFor({ key: "f" }, labels, "correct", "page")).toEqual({ kind: "flag" });
    expect(spanActionFor({ key: "F" }, labels, "teach", "page")).toEqual({ kind: "flag" });
    expect(spanActionFor({ key: "f" }, [...labels, { name: "FAC", key: "f" }], "correct", "page")).toEqual({ kind: "assign", label: "FAC" });
    expect(spanActionFor({ key: "f" }, labels, "correct", "typing")).toEqual({ kind: "none" });
  });
});
