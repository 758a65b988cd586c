import { describe, expect, it } from "vitest";
import type { Comment } from "./api/client";
import {
  badgeText, badgeWords, countNew, emptyAdvice, excerpt, highlightedComment, inboxSummary, isNew, loadSeen, mentionLink, mentionParts,
  newestFirst, readSeen, saveSeen, seenAfter, seenKey,
} from "./mentions";
import { parseRoute } from "./route";

const comment = (id: number, documentId = 7, text = "@anna look"): Comment =>
  ({ id, documentId, author: "rita", text, createdAt: "2026-11-30T10:00:00Z", mentions: ["anna"] });

/** A Storage stand-in that remembers what it is given. */
function memory(): Pick<Storage, "getItem" | "setItem"> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe("the last-looked mark", () => {
  it("is kept per project and per person, whatever the case of the name", () => {
    expect(seenKey(3, "Anna")).toBe("tagloop.mentions.seen.3.anna");
    expect(seenKey(3, " anna ")).toBe(seenKey(3, "ANNA"));
    expect(seenKey(3, "anna")).not.toBe(seenKey(4, "anna"));
    expect(seenKey(3, "anna")).not.toBe(seenKey(3, "bo"));
  });

  it("reads as a comment id, and as nothing seen when missing or damaged", () => {
    expect(readSeen("42")).toBe(42);
    expect(readSeen(" 42 ")).toBe(42);
    for (const raw of [null, undefined, "", "-3", "4.5", "abc", "1e9", "9".repeat(20)]) expect(readSeen(raw)).toBe(0);
  });

  it("is saved and loaded, and never moves back", () => {
    const storage = memory();
    expect(loadSeen(storage, 3, "anna")).toBe(0);
    saveSeen(storage, 3, "anna", 12);
    expect(loadSeen(storage, 3, "anna")).toBe(12);
    saveSeen(storage, 3, "anna", 5);
    expect(loadSeen(storage, 3, "anna")).toBe(12);
    expect(loadSeen(storage, 3, "bo")).toBe(0);
    expect(loadSeen(storage, 4, "anna")).toBe(0);
  });

  it("counts everything as new when storage is off, and saving then breaks nothing", () => {
    const off = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("denied"); } };
    expect(loadSeen(off, 3, "anna")).toBe(0);
    expect(() => saveSeen(off, 3, "anna", 9)).not.toThrow();
  });
});

describe("new mentions", () => {
  const list = [comment(5), comment(9), comment(7)];

  it("are the comments newer than the mark", () => {
    expect(countNew(list, 0)).toBe(3);
    expect(countNew(list, 7)).toBe(1);
    expect(countNew(list, 9)).toBe(0);
    expect(isNew(comment(8), 7)).toBe(true);
    expect(isNew(comment(7), 7)).toBe(false);
  });

  it("are all seen after looking, and an older list does not move the mark back", () => {
    expect(seenAfter(list, 0)).toBe(9);
    expect(seenAfter(list, 20)).toBe(20);
    expect(seenAfter([], 4)).toBe(4);
    expect(countNew(list, seenAfter(list, 0))).toBe(0);
  });

  it("are listed newest first without changing the list given", () => {
    expect(newestFirst(list).map((c) => c.id)).toEqual([9, 7, 5]);
    expect(list.map((c) => c.id)).toEqual([5, 9, 7]);
  });
});

describe("the badge", () => {
  it("shows a count, nothing for none, and 99+ above 99", () => {
    expect(badgeText(0)).toBe("");
    expect(badgeText(-1)).toBe("");
    expect(badgeText(1)).toBe("1");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(100)).toBe("99+");
  });

  it("says what it counts", () => {
    expect(badgeWords(1)).toBe("1 new comment mentions you");
    expect(badgeWords(3)).toBe("3 new comments mention you");
  });
});

describe("the inbox's words", () => {
  it("sums up how many mention the person and how many are new", () => {
    expect(inboxSummary(0, 0)).toBe("No comment in this project mentions you yet.");
    expect(inboxSummary(1, 1)).toBe("1 comment mentions you; 1 is new since you last looked.");
    expect(inboxSummary(3, 1)).toBe("3 comments mention you; 1 is new since you last looked.");
    expect(inboxSummary(3, 2)).toBe("3 comments mention you; 2 are new since you last looked.");
    expect(inboxSummary(3, 3)).toBe("3 comments mention you; all are new since you last looked.");
    expect(inboxSummary(2, 0)).toBe("2 comments mention you. Nothing new since you last looked.");
  });

  it("tells the person how they get mentioned", () => {
    expect(emptyAdvice("anna")).toContain("@anna");
  });
});

describe("excerpt", () => {
  it("keeps a short text whole, on one line", () => {
    expect(excerpt("  The seller\nshall  deliver. ")).toBe("The seller shall deliver.");
  });

  it("cuts a long text at a word boundary with an ellipsis", () => {
    const text = "The seller shall deliver the goods to the buyer's warehouse, at the seller's cost, within thirty days of the order";
    const cut = excerpt(text, 40);
    expect(cut).toBe("The seller shall deliver the goods to …");
    expect(cut.length).toBeLessThanOrEqual(42);
    expect(text.startsWith(cut.slice(0, -2))).toBe(true);
  });

  it("cuts a very long word where it is, and drops punctuation left at the cut", () => {
    expect(excerpt("x".repeat(300), 10)).toBe(`${"x".repeat(10)} …`);
    expect(excerpt("Payment, delivery, returns and everything else", 19)).toBe("Payment, delivery …");
  });

  it("leaves markup as the characters it is", () => {
    expect(excerpt("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });
});

describe("the link to a mention", () => {
  it("opens the document with the comment picked out, and the way back to the inbox", () => {
    const href = mentionLink(3, { id: 12, documentId: 7 });
    expect(href).toBe("#/projects/3/documents/7?comment=12&from=mentions");
    const route = parseRoute(href);
    expect(route.path).toEqual(["projects", "3", "documents", "7"]);
    expect(highlightedComment(route.query)).toBe(12);
  });

  it("picks out nothing when the address names no comment or a strange one", () => {
    expect(highlightedComment(new URLSearchParams(""))).toBeNull();
    expect(highlightedComment(new URLSearchParams("comment=abc"))).toBeNull();
    expect(highlightedComment(new URLSearchParams("comment=-1"))).toBeNull();
  });
});

describe("mentionParts", () => {
  const join = (parts: { text: string }[]) => parts.map((p) => p.text).join("");

  it("picks out the person's handle, whatever its case, and joins back to the text", () => {
    const text = "@Anna and @bo, see @anna.";
    const parts = mentionParts(text, "anna");
    expect(parts).toEqual([
      { text: "@Anna", mention: true },
      { text: " and @bo, see ", mention: false },
      { text: "@anna", mention: true },
      { text: ".", mention: false },
    ]);
    expect(join(parts)).toBe(text);
  });

  it("does not take a longer name, an e-mail address or another person for the person", () => {
    for (const text of ["@annabel", "mail anna@anna.example", "@anna.b", "@anna_x", "@bo"]) {
      const parts = mentionParts(text, "anna");
      expect(parts.some((p) => p.mention)).toBe(false);
      expect(join(parts)).toBe(text);
    }
  });

  it("reads names beyond ASCII, and keeps markup as text", () => {
    expect(mentionParts("@zoë <b>x</b>", "Zoë")).toEqual([{ text: "@zoë", mention: true }, { text: " <b>x</b>", mention: false }]);
    expect(mentionParts("", "anna")).toEqual([{ text: "", mention: false }]);
    expect(mentionParts("@anna", "")).toEqual([{ text: "@anna", mention: false }]);
  });
});
