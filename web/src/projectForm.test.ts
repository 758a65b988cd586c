import { describe, expect, it } from "vitest";
import { toRowField, validateProject, type LabelDraft } from "./projectForm";

const label = (name: string, key = "", description = ""): LabelDraft => ({ name, key, description, color: "#1f77b4" });

describe("new project form", () => {
  it("accepts a named project with labels, blank rows and empty keys", () => {
    expect(validateProject("Mail", [label("spam", "s"), label("ham"), label("")])).toEqual({});
  });

  it("asks for a name and at least one label", () => {
    expect(validateProject("  ", [label(""), label("")])).toEqual({
      name: ["Give the project a name."],
      labels: ["Add at least one label."],
    });
  });

  it("names the row and field of each problem", () => {
    const problems = validateProject("Mail", [label("spam", "s"), label("", "x"), label("Spam", "S"), label("other", "F"), label("more", "?")]);
    expect(Object.keys(problems)).toEqual(["labels[1].name", "labels[2].name", "labels[2].key", "labels[3].key", "labels[4].key"]);
    expect(problems["labels[2].key"][0]).toContain("already the key of “spam”");
    expect(problems["labels[3].key"][0]).toContain("taken");
  });

  it("maps the server's label indexes back to the rows shown", () => {
    expect(toRowField("labels[1].key", [0, 2, 3])).toBe("labels[2].key");
    expect(toRowField("labels[0]", [4])).toBe("labels[4]");
    expect(toRowField("name", [0])).toBe("name");
    expect(toRowField("labels", [0])).toBe("labels");
    expect(toRowField("labels[7].name", [0])).toBe("labels");
  });
});
