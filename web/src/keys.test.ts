import { describe, expect, it } from "vitest";
import { actionFor, pick } from "./keys";

const labels = [
  { name: "spam", key: "s" },
  { name: "ham", key: "h" },
  { name: "other", key: "1" },
];

describe("annotation keys", () => {
  it("maps label keys to picks, case-insensitively", () => {
    expect(actionFor({ key: "s" }, labels, false)).toEqual({ kind: "pick", label: "spam" });
    expect(actionFor({ key: "H" }, labels, false)).toEqual({ kind: "pick", label: "ham" });
    expect(actionFor({ key: "1" }, labels, false)).toEqual({ kind: "pick", label: "other" });
  });

  it("maps the command keys", () => {
    expect(actionFor({ key: "Enter" }, labels, false).kind).toBe("submit");
    expect(actionFor({ key: " " }, labels, false).kind).toBe("skip");
    expect(actionFor({ key: "Backspace" }, labels, false).kind).toBe("undo");
    expect(actionFor({ key: "f" }, labels, false).kind).toBe("flag");
    expect(actionFor({ key: "?" }, labels, false).kind).toBe("help");
    expect(actionFor({ key: "g" }, labels, false).kind).toBe("guidelines");
  });

  it("leaves keys alone while typing in a field, except Escape", () => {
    expect(actionFor({ key: "s" }, labels, true).kind).toBe("none");
    expect(actionFor({ key: "Enter" }, labels, true).kind).toBe("none");
    expect(actionFor({ key: "Backspace" }, labels, true).kind).toBe("none");
    expect(actionFor({ key: "Escape" }, labels, true).kind).toBe("escape");
  });

  it("ignores shortcuts with modifiers so the browser keeps its own", () => {
    expect(actionFor({ key: "s", ctrlKey: true }, labels, false).kind).toBe("none");
    expect(actionFor({ key: "f", metaKey: true }, labels, false).kind).toBe("none");
  });

  it("replaces the choice in single-label projects and toggles in multi-label ones", () => {
    expect(pick(["spam"], "ham", false)).toEqual(["ham"]);
    expect(pick(["spam"], "ham", true)).toEqual(["spam", "ham"]);
    expect(pick(["spam", "ham"], "spam", true)).toEqual(["ham"]);
  });
});
