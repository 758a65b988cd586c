import { describe, expect, it } from "vitest";
import { contentType, csvHeader, guessFormat } from "./csv";

describe("csv header", () => {
  it("reads plain and quoted column names", () => {
    expect(csvHeader('id,"body, main","say ""hi"""\n1,2,3')).toEqual(["id", "body, main", 'say "hi"']);
  });

  it("skips a byte-order mark and stops at the first line end", () => {
    expect(csvHeader("\ufefftext,label\r\nx,y")).toEqual(["text", "label"]);
  });

  it("guesses formats from extensions", () => {
    expect(guessFormat("mails.CSV")).toBe("csv");
    expect(guessFormat("tasks.jsonl")).toBe("jsonl");
    expect(guessFormat("lines.txt")).toBe("text");
    expect(contentType("prodigy")).toBe("application/x-ndjson");
  });
});
