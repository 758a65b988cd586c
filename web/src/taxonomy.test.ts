import { describe, expect, it } from "vitest";
import {
  deleteDocumentSentence, deleteImportSentence, deleteLabelSentence, deleteSelectionButton, deleteSelectionSentence, importName,
  labelUpdate, listNames, mergeSentence, placeErrors, selectionWords, splitNames, splitSentence,
} from "./taxonomy";

const billing = { id: 3, name: "billing", key: "b", color: "#1f77b4", description: "Money matters" };
const run = (documents: number, answered: number, fileName: string | null = "tickets.csv") =>
  ({ id: 7, fileName, format: "csv", state: "completed", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", documents, answered });

describe("labelUpdate", () => {
  it("sends only what changed, trimmed", () => {
    expect(labelUpdate(billing, { name: " billing ", key: "b", color: "#1F77B4", description: "Money matters" })).toBeNull();
    expect(labelUpdate(billing, { name: "invoices ", key: "b", color: "#1f77b4", description: "Money matters" })).toEqual({ name: "invoices" });
    expect(labelUpdate(billing, { name: "billing", key: "i", color: "#ff0000", description: " Bills " })).toEqual({ key: "i", color: "#ff0000", description: "Bills" });
  });

  it("sends an empty key to take the key away, and nothing when there was none", () => {
    expect(labelUpdate(billing, { name: "billing", key: " ", color: "#1f77b4", description: "Money matters" })).toEqual({ key: "" });
    expect(labelUpdate({ ...billing, key: null }, { name: "billing", key: "", color: "#1f77b4", description: "Money matters" })).toBeNull();
  });
});

describe("splitNames", () => {
  it("trims, leaves out empty names and asks for two", () => {
    expect(splitNames([" refund ", "", "invoice"])).toEqual({ names: ["refund", "invoice"], problem: null });
    expect(splitNames(["refund", "  "]).problem).toContain("at least two");
  });

  it("refuses a name given twice, whatever its case", () => {
    expect(splitNames(["Refund", "refund"]).problem).toBe("“refund” is given twice: each new label needs its own name.");
  });
});

describe("placeErrors", () => {
  it("puts the server's messages next to the fields it names and keeps the rest", () => {
    const { placed, rest } = placeErrors({ name: ["Taken."], "into[1].name": ["Too long."], "": ["Something else."] }, { name: "name", "into[1].name": "1" });
    expect(placed).toEqual({ name: ["Taken."], 1: ["Too long."] });
    expect(rest).toEqual(["Something else."]);
  });
});

describe("sentences", () => {
  it("say how a merge moves the answers", () => {
    expect(mergeSentence("billing", "money", 12)).toBe(
      "Every answer that says “billing” will say “money” instead (the 12 documents labelled “billing”). “billing” disappears from the list of labels; the earlier answers stay visible in each document’s history.");
    expect(mergeSentence("billing", "money", 0)).toMatch(/^No document is labelled “billing” yet, so no answer changes\./);
    expect(mergeSentence("billing", "money", undefined)).toMatch(/^Every answer that says “billing” will say “money” instead\. /);
  });

  it("say that a split sends the documents back to the queue", () => {
    expect(listNames(["a", "b", "c"])).toBe("“a”, “b” and “c”");
    const sentence = splitSentence("billing", ["refund", "invoice"], 1);
    expect(sentence).toContain("“billing” will be replaced by “refund” and “invoice”.");
    expect(sentence).toContain("The 1 document labelled “billing” goes back to the front of the queue");
    expect(splitSentence("billing", ["a", "b"], 4)).toContain("The 4 documents labelled “billing” go back to the front of the queue, so that someone chooses again");
    expect(splitSentence("billing", [], 0)).toBe("“billing” will be replaced by the new labels. No document is labelled “billing” yet, so nothing goes back to the queue.");
  });

  it("say that a deleted label's answers are kept in history but no longer counted", () => {
    const single = deleteLabelSentence("bug", 3, false);
    expect(single).toContain("kept in each document’s history, but no longer counted");
    expect(single).toContain("the 3 documents labelled “bug”");
    expect(single).toContain("count as not labelled again");
    expect(deleteLabelSentence("bug", 3, true)).toContain("Answers with other labels keep those; a document that had only this label counts as not labelled again");
    expect(deleteLabelSentence("bug", 0, false)).toContain("No document is labelled “bug” yet.");
  });

  it("state the exact selection and count of a bulk delete", () => {
    expect(selectionWords("all", "")).toBe("every document of the project");
    expect(selectionWords("suspect", "")).toBe("the documents whose label the model thinks is likely wrong");
    expect(selectionWords("all", " refund ")).toBe("the documents that match the search “refund”");
    expect(selectionWords("label:bug", "")).toBe("the documents labelled “bug”");
    expect(selectionWords("unlabelled", "x")).toBe("the documents not labelled yet that match the search “x”");
    expect(deleteSelectionSentence(1234, "flagged", "")).toBe(
      `Delete these ${(1234).toLocaleString()} documents for good? They are the flagged documents. Their answers go with them. This cannot be undone.`);
    expect(deleteSelectionSentence(1, "all", "")).toBe("Delete this document for good? It is the project’s only document. Its answers go with it. This cannot be undone.");
    expect(deleteSelectionSentence(1, "all", "printer")).toBe(
      "Delete this document for good? It is the only one of the documents that match the search “printer”. Its answers go with it. This cannot be undone.");
    expect(deleteSelectionButton(2)).toBe("Delete these 2 documents");
    expect(deleteSelectionButton(1)).toBe("Delete this document");
  });

  it("say what deleting a document takes with it", () => {
    expect(deleteDocumentSentence(12, 0)).toBe("Delete document #12 for good? No one has labelled it yet. This cannot be undone.");
    expect(deleteDocumentSentence(12, 2)).toBe("Delete document #12 for good? Its 2 answers go with it. This cannot be undone.");
  });

  it("say how many documents and answers an import takes with it", () => {
    expect(deleteImportSentence(run(120, 35))).toBe(
      "Delete the import of “tickets.csv”? Its 120 documents go for good, with their answers (35 of them have an answer). This cannot be undone.");
    expect(deleteImportSentence(run(2, 2))).toContain("(every one of them has an answer)");
    expect(deleteImportSentence(run(5, 0))).toContain("none of them has an answer yet");
    expect(deleteImportSentence(run(0, 0, null))).toBe("Delete import #7? None of its documents is left in the project, so only its entry in this list goes. This cannot be undone.");
    expect(importName(run(1, 0, null))).toBe("Import #7 (no file name)");
  });
});
