import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSeen } from "../mentions";
import { mentionsView, newMentions } from "./mentions";
import type { ProjectContext } from "./project";

const HOSTILE = "<img src=x onerror=\"document.title='pwned'\">";
const project = { id: 4, name: "P", labels: [] };
const mentions = [
  { id: 12, documentId: 7, author: "rita", text: `@anna is this a clause? ${HOSTILE}`, createdAt: "2026-11-30T10:00:00Z", mentions: ["anna"] },
  { id: 5, documentId: 8, author: "bo", text: "@anna see here", createdAt: "2026-11-29T10:00:00Z", mentions: ["anna"] },
  { id: 9, documentId: 7, author: "bo", text: "@ANNA again", createdAt: "2026-11-29T12:00:00Z", mentions: ["anna"] },
];
let calls: string[] = [];
let gone = new Set<number>();

beforeEach(() => {
  calls = [];
  gone = new Set();
  localStorage.clear();
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    calls.push(url);
    const path = new URL(url, "http://localhost").pathname;
    const document = /\/documents\/(\d+)$/.exec(path);
    if (document && gone.has(Number(document[1]))) {
      return new Response(JSON.stringify({ status: 404, detail: "No such document." }), { status: 404, headers: { "Content-Type": "application/problem+json" } });
    }
    const body = path === "/api/v1/projects/4/mentions" ? mentions
      : document ? { id: Number(document[1]), text: `Text of document ${document[1]} ${HOSTILE} ${"word ".repeat(60)}`, annotations: [] }
      : null;
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
});

afterEach(() => vi.unstubAllGlobals());

function contextFor(me: string | null, shown: number[] = []): ProjectContext {
  return {
    project, query: new URLSearchParams(), me: me ? { name: me, admin: false } : null, members: null, role: "annotator",
    showNewMentions: (n: number) => shown.push(n),
  } as unknown as ProjectContext;
}

describe("mentions inbox", () => {
  it("lists the mentions newest first, as text, with who wrote them, the document's start and a link to the comment", async () => {
    const body = document.createElement("section");
    const badges: number[] = [];
    await mentionsView(body, contextFor("anna", badges));
    const items = [...body.querySelectorAll("[data-testid=mention]")];
    expect(items.map((i) => i.getAttribute("data-comment-id"))).toEqual(["12", "9", "5"]);
    const first = items[0]!;
    expect(first.querySelector("[data-testid=mention-author]")!.textContent).toBe("rita");
    expect(first.querySelector("[data-testid=mention-text]")!.textContent).toBe(mentions[0]!.text);
    expect(first.querySelector("[data-testid=mention-text] strong")!.textContent).toBe("@anna");
    expect(first.querySelector("[data-testid=mention-open]")!.getAttribute("href")).toBe("#/projects/4/documents/7?comment=12&from=mentions");
    const quote = first.querySelector("[data-testid=mention-excerpt]")!.textContent!;
    expect(quote.startsWith(`Text of document 7 ${HOSTILE}`)).toBe(true);
    expect(quote.endsWith(" …")).toBe(true);
    expect(body.querySelector("img")).toBeNull();
    expect(body.querySelector("[data-testid=mentions-summary]")!.textContent).toBe("3 comments mention you; all are new since you last looked.");
    // One request per document, however many mentions it has; with accounts the server knows who asks.
    expect(calls.filter((c) => c.includes("/documents/7")).length).toBe(1);
    expect(calls).toContain("/api/v1/projects/4/mentions");
    expect(badges).toEqual([0]);
  });

  it("marks what is new since the last look, and nothing after looking", async () => {
    localStorage.setItem("tagloop.mentions.seen.4.anna", "9");
    const body = document.createElement("section");
    await mentionsView(body, contextFor("anna"));
    expect([...body.querySelectorAll("[data-testid=mention-new]")].map((n) => n.closest("li")!.getAttribute("data-comment-id"))).toEqual(["12"]);
    expect(body.querySelector("[data-testid=mentions-summary]")!.textContent).toBe("3 comments mention you; 1 is new since you last looked.");
    expect(loadSeen(localStorage, 4, "anna")).toBe(12);
    expect(await newMentions(contextFor("anna"))).toBe(0);
    expect(await newMentions(contextFor("bo"))).toBe(3);
  });

  it("asks for the name typed under “Annotating as” when there are no accounts", async () => {
    localStorage.setItem("tagloop.annotator", "anna");
    await mentionsView(document.createElement("section"), contextFor(null));
    expect(calls).toContain("/api/v1/projects/4/mentions?user=anna");
  });

  it("says so when nothing mentions the person, and when a document is gone", async () => {
    vi.mocked(globalThis.fetch).mockImplementationOnce(async () => new Response("[]", { status: 200, headers: { "Content-Type": "application/json" } }));
    const empty = document.createElement("section");
    await mentionsView(empty, contextFor("anna"));
    expect(empty.querySelector("[data-testid=mentions-empty]")!.textContent).toContain("@anna");

    gone = new Set([8]);
    const body = document.createElement("section");
    await mentionsView(body, contextFor("anna"));
    const last = body.querySelector("[data-comment-id='5'] [data-testid=mention-excerpt]")!;
    expect(last.textContent).toBe("This document has been deleted.");
  });
});
