import { describe, expect, it } from "vitest";
import { actionFor, focusKind, keyHint, pick } from "./keys";

const labels = [
  { name: "spam", key: "s" },
  { name: "ham", key: "h" },
  { name: "other", key: "1" },
  { name: "no key" },
];

describe("annotation keys", () => {
  it("maps label keys to picks, case-insensitively", () => {
    expect(actionFor({ key: "s" }, labels, "page")).toEqual({ kind: "pick", label: "spam" });
    expect(actionFor({ key: "H" }, labels, "page")).toEqual({ kind: "pick", label: "ham" });
    expect(actionFor({ key: "1" }, labels, "page")).toEqual({ kind: "pick", label: "other" });
    expect(actionFor({ key: "x" }, labels, "page").kind).toBe("none");
  });

  it("maps the command keys", () => {
    expect(actionFor({ key: "Enter" }, labels, "page").kind).toBe("submit");
    expect(actionFor({ key: " " }, labels, "page").kind).toBe("skip");
    expect(actionFor({ key: "Backspace" }, labels, "page").kind).toBe("undo");
    expect(actionFor({ key: "f" }, labels, "page").kind).toBe("flag");
    expect(actionFor({ key: "F" }, labels, "page").kind).toBe("flag");
    expect(actionFor({ key: "?" }, labels, "page").kind).toBe("help");
    expect(actionFor({ key: "g" }, labels, "page").kind).toBe("guidelines");
    expect(actionFor({ key: "Escape" }, labels, "page").kind).toBe("escape");
    expect(actionFor({ key: "ArrowDown" }, labels, "page").kind).toBe("none");
  });

  it("leaves keys alone while typing in a field, except Escape", () => {
    expect(actionFor({ key: "s" }, labels, "typing").kind).toBe("none");
    expect(actionFor({ key: "Enter" }, labels, "typing").kind).toBe("none");
    expect(actionFor({ key: "Backspace" }, labels, "typing").kind).toBe("none");
    expect(actionFor({ key: " " }, labels, "typing").kind).toBe("none");
    expect(actionFor({ key: "Escape" }, labels, "typing").kind).toBe("escape");
  });

  it("lets a focused button or link have Enter and Space, but keeps the other keys", () => {
    expect(actionFor({ key: "Enter" }, labels, "control").kind).toBe("none");
    expect(actionFor({ key: " " }, labels, "control").kind).toBe("none");
    expect(actionFor({ key: "s" }, labels, "control").kind).toBe("pick");
    expect(actionFor({ key: "Backspace" }, labels, "control").kind).toBe("undo");
  });

  it("does not repeat saves, skips or undos while a key is held down", () => {
    expect(actionFor({ key: "Enter", repeat: true }, labels, "page").kind).toBe("none");
    expect(actionFor({ key: " ", repeat: true }, labels, "page").kind).toBe("none");
    expect(actionFor({ key: "Backspace", repeat: true }, labels, "page").kind).toBe("none");
  });

  it("ignores shortcuts with modifiers so the browser keeps its own", () => {
    expect(actionFor({ key: "s", ctrlKey: true }, labels, "page").kind).toBe("none");
    expect(actionFor({ key: "f", metaKey: true }, labels, "page").kind).toBe("none");
    expect(actionFor({ key: "Enter", altKey: true }, labels, "page").kind).toBe("none");
  });

  it("replaces the choice in single-label projects and toggles in multi-label ones", () => {
    expect(pick(["spam"], "ham", false)).toEqual(["ham"]);
    expect(pick(["spam"], "ham", true)).toEqual(["spam", "ham"]);
    expect(pick(["spam", "ham"], "spam", true)).toEqual(["ham"]);
  });

  it("describes the label keys", () => {
    expect(keyHint(labels)).toBe("s for spam, h for ham, 1 for other");
  });

  it("tells fields, controls and the page apart", () => {
    const input = (type: string) => Object.assign(document.createElement("input"), { type });
    expect(focusKind(input("text"))).toBe("typing");
    expect(focusKind(input("search"))).toBe("typing");
    expect(focusKind(document.createElement("textarea"))).toBe("typing");
    expect(focusKind(document.createElement("select"))).toBe("typing");
    expect(focusKind(input("checkbox"))).toBe("control");
    expect(focusKind(document.createElement("button"))).toBe("control");
    expect(focusKind(document.createElement("a"))).toBe("control");
    expect(focusKind(document.createElement("summary"))).toBe("control");
    expect(focusKind(document.createElement("div"))).toBe("page");
    expect(focusKind(document.body)).toBe("page");
    expect(focusKind(null)).toBe("page");
  });
});
