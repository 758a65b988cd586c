import { describe, expect, it } from "vitest";
import { enterMeaning, regionPlace, saveState } from "./spanWords";

describe("what the span view says", () => {
  it("says where the sentence stands in its document", () => {
    expect(regionPlace(3, 7, 2)).toBe("Sentence 3 of 7 in this document (2 of 7 done)");
    expect(regionPlace(1, 7, 0)).toBe("Sentence 1 of 7 in this document");
    expect(regionPlace(1, 1, 0)).toBe("The only sentence in this document");
    expect(regionPlace(undefined, undefined, undefined)).toBe("");
    expect(regionPlace(0, 0, 0)).toBe("");
    expect(regionPlace(2, 3, 1, "paragraph")).toBe("Paragraph 2 of 3 in this document (1 of 3 done)");
    expect(regionPlace(1, 1, 0, "paragraph")).toBe("The only paragraph in this document");
  });

  it("says what Enter does in each mode, counting the entities it saves", () => {
    expect(enterMeaning("correct", 0)).toBe("Enter saves this sentence as having no entities, then shows the next sentence.");
    expect(enterMeaning("correct", 1)).toBe("Enter saves this sentence with the 1 entity shown, then shows the next sentence.");
    expect(enterMeaning("correct", 3)).toBe("Enter saves this sentence with the 3 entities shown, then shows the next sentence.");
    expect(enterMeaning("teach", 2)).toContain("answers yes");
  });

  it("says whether the sentence is saved", () => {
    expect(saveState("correct", true, false)).toBe("Not saved yet: you have changed this sentence.");
    expect(saveState("correct", false, false)).toBe("Not saved yet.");
    expect(saveState("correct", true, true)).toBe("Saving…");
    expect(saveState("teach", false, false)).toBe("Nothing to save until you answer.");
  });
});
