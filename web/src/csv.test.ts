import { describe, expect, it } from "vitest";
import { contentType, csvHeader, findColumn, guessFormat, labelColumnNames, textColumnNames } from "./csv";

describe("csv header", () => {
  it("reads plain and quoted column names", () => {
    expect(csvHeader('id,"body, main","say ""hi"""\n1,2,3')).toEqual(["id", "body, main", 'say "hi"']);
  });

  it("skips a byte-order mark and stops at the first line end", () => {
    expect(csvHeader("\ufefftext,label\r\nx,y")).toEqual(["text", "label"]);
  });

  it("keeps a line break inside a quoted name and allows spaces around fields", () => {
    expect(csvHeader('"first\nline", "text" ,label\nrow')).toEqual(["first\nline", "text", "label"]);
  });

  it("keeps empty column names in place and finds no columns in an empty file", () => {
    expect(csvHeader("a,,c")).toEqual(["a", "", "c"]);
    expect(csvHeader("")).toEqual([]);
  });

  it("reads only the first record of a large sample", () => {
    const sample = "text,label\n" + "some text,spam\n".repeat(5000);
    expect(csvHeader(sample)).toEqual(["text", "label"]);
  });

  it("finds likely text and label columns", () => {
    expect(findColumn(["ID", "Body", "Category"], textColumnNames)).toBe("Body");
    expect(findColumn(["ID", "Body", "Category"], labelColumnNames)).toBe("Category");
    expect(findColumn(["a", "b"], labelColumnNames)).toBeUndefined();
  });
});

describe("file format", () => {
  it("guesses formats from extensions", () => {
    expect(guessFormat("mails.CSV")).toBe("csv");
    expect(guessFormat("tasks.jsonl")).toBe("jsonl");
    expect(guessFormat("tasks.ndjson")).toBe("jsonl");
    expect(guessFormat("lines.txt")).toBe("text");
    expect(guessFormat("notes")).toBe("text");
  });

  it("recognises Prodigy tasks by their keys", () => {
    expect(guessFormat("a.jsonl", '\n{"text":"x","label":"spam","answer":"accept","_input_hash":1}\n')).toBe("prodigy");
    expect(guessFormat("a.jsonl", '{"text":"x","label":"spam","meta":{"answer":1}}')).toBe("jsonl");
    expect(guessFormat("a.jsonl", "{not json")).toBe("jsonl");
  });

  it("tells the other tools' files apart by their first record, and JSON arrays by their first character", () => {
    expect(guessFormat("export.json", '[\n  {"id": 1, "data": {"text": "x"}}\n]')).toBe("json");
    expect(guessFormat("export.txt", '\ufeff  [{"text": "x"}]')).toBe("json");
    expect(guessFormat("tasks.json", '{"id": 1, "data": {"text": "x"}, "annotations": []}\n')).toBe("label-studio");
    expect(guessFormat("train.jsonl", '{"text": "x", "cats": {"pos": 1.0}}')).toBe("spacy");
    expect(guessFormat("records.jsonl", '{"fields": {"text": "x"}, "responses": {}}')).toBe("argilla");
    expect(guessFormat("records.jsonl", '{"text": "x", "annotation": "pos"}')).toBe("argilla");
    expect(guessFormat("doccano.jsonl", '{"id": 3, "text": "x", "label": ["pos"]}')).toBe("jsonl");
    expect(contentType("json")).toBe("application/json");
    expect(contentType("label-studio")).toBe("application/json");
    expect(contentType("spacy")).toBe("application/x-ndjson");
  });

  it("sends each format with its content type", () => {
    expect(contentType("csv")).toBe("text/csv");
    expect(contentType("jsonl")).toBe("application/x-ndjson");
    expect(contentType("prodigy")).toBe("application/x-ndjson");
    expect(contentType("text")).toBe("text/plain");
  });
});
