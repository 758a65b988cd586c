import { describe, expect, it } from "vitest";
import { assignmentRequest, describeAssignment, parseDocumentIds, progress } from "./assignments";

const empty = { user: "anna", ids: "", search: "", metaField: "", metaValue: "", note: "" };

describe("assignments", () => {
  it("reads what an assignment selects in words", () => {
    expect(describeAssignment({ documentIds: [], search: "appeal", metaField: "court", metaValue: "appeals" }))
      .toBe("text contains “appeal” and court is “appeals”");
    expect(describeAssignment({ documentIds: [7], search: null, metaField: null, metaValue: null })).toBe("document 7");
    expect(describeAssignment({ documentIds: [7, 9, 12], search: null, metaField: null, metaValue: null })).toBe("3 documents picked by hand");
  });

  it("says how much is left", () => {
    expect(progress({ documents: 3, open: 2 })).toBe("2 of 3 still to do");
    expect(progress({ documents: 3, open: 0 })).toBe("all 3 done");
    expect(progress({ documents: 0, open: 0 })).toBe("none match yet");
  });

  it("reads document numbers and names the first that is not one", () => {
    expect(parseDocumentIds(" 12, 15 17;12 ")).toEqual({ ok: true, ids: [12, 15, 17] });
    expect(parseDocumentIds("")).toEqual({ ok: true, ids: [] });
    const bad = parseDocumentIds("12, 1e3, x");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toContain("“1e3”");
    expect(parseDocumentIds("0").ok).toBe(false);
  });

  it("builds the request, or names the field to fix", () => {
    expect(assignmentRequest({ ...empty, search: " appeal ", note: " appeals team " })).toEqual({
      ok: true, value: { user: "anna", documentIds: null, search: "appeal", metaField: null, metaValue: null, note: "appeals team" },
    });
    expect(assignmentRequest({ ...empty, ids: "4, 5" })).toMatchObject({ ok: true, value: { documentIds: [4, 5] } });
    expect(assignmentRequest({ ...empty, user: " " })).toMatchObject({ ok: false, field: "user" });
    expect(assignmentRequest(empty)).toMatchObject({ ok: false, field: "search" });
    expect(assignmentRequest({ ...empty, metaField: "court" })).toMatchObject({ ok: false, field: "metaValue" });
    expect(assignmentRequest({ ...empty, metaValue: "appeals" })).toMatchObject({ ok: false, field: "metaField" });
    expect(assignmentRequest({ ...empty, ids: "4, four" })).toMatchObject({ ok: false, field: "ids" });
  });
});
