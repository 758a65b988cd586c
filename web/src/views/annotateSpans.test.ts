import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuthState } from "../auth";
import { projectView } from "./project";

const hostile = "<img src=x onerror=alert(1)>";
const text = `Intro. Ada met ${hostile} in New York.`;
// Tokens of the region "Ada met <img…> in New York." (the document's second sentence), by hand.
const regionStart = text.indexOf("Ada");
const at = (word: string) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length });
const tokens = [at("Ada"), at("met"), at(hostile), at("in"), at("New"), at("York"), { start: text.length - 1, end: text.length }];
const project = {
  id: 1, name: "People", task: "span-tagging", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 2, guidelines: "",
  strategy: "mnlp", encoder: "none", overlapShare: 0, overlapAnswers: 0, overlappingSpans: false,
  labels: [{ id: 1, name: "PER", key: "p", description: "A person", color: "#1f77b4" }, { id: 2, name: "LOC", key: "l", description: "A place", color: "#d62728" }],
};
const stats = { total: 2, labelled: 0, skipped: 0, flagged: 0, annotations: 0, labels: [], annotators: [] };
const task = (extra: Record<string, unknown>) => ({
  documentId: 5, text, meta: null, prediction: null, reason: null, modelVersion: 1,
  region: { start: regionStart, end: text.length }, tokens, spans: [{ ...at("York"), label: "PER", probability: 0.41 }], suggestion: null, ...extra,
});

let next: Record<string, unknown> | null;
let requests: { method: string; url: string; body: unknown }[];

beforeEach(() => {
  requests = [];
  localStorage.clear();
  setAuthState({ kind: "single" });
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url, "http://localhost");
    requests.push({ method: init?.method ?? "GET", url: path.pathname + path.search, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    if (path.pathname === "/api/v1/projects/1") return json(project);
    if (path.pathname === "/api/v1/projects/1/stats") return json(stats);
    if (path.pathname === "/api/v1/projects/1/tasks/next") {
      const shown = next;
      next = null; // one task, then nothing left
      return shown ? json(shown) : new Response(null, { status: 204 });
    }
    if (path.pathname === "/api/v1/projects/1/annotations") return json({ id: 77 });
    return new Response("", { status: 404 });
  }));
  document.body.innerHTML = '<main id="app"></main>';
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const settle = () => new Promise((done) => setTimeout(done, 0));
const press = (key: string, shiftKey = false) => document.dispatchEvent(new KeyboardEvent("keydown", { key, shiftKey, bubbles: true, cancelable: true }));

async function open(): Promise<{ app: HTMLElement; close: () => void }> {
  const app = document.getElementById("app")!;
  const close = await projectView(app, 1, "annotate", undefined, new URLSearchParams());
  for (let i = 0; i < 5; i++) await settle();
  return { app, close: close ?? (() => undefined) };
}

const entities = (app: HTMLElement) => [...app.querySelectorAll<HTMLElement>("[data-testid=entity]")].map((m) => `${m.dataset.label}:${m.dataset.first}-${m.dataset.last}`);

describe("the span annotation view", () => {
  it("shows the region as tokens with the model's span and its probability, the rest greyed, and text as text", async () => {
    next = task({});
    const { app, close } = await open();
    const doc = app.querySelector<HTMLElement>("[data-testid=doc-text]")!;
    expect(requests.find((r) => r.url.startsWith("/api/v1/projects/1/tasks/next"))!.url).toBe("/api/v1/projects/1/tasks/next?mode=correct");
    expect([...doc.querySelectorAll("[data-token]")].map((t) => t.textContent)).toEqual(["Ada", "met", hostile, "in", "New", "York", "."]);
    expect(doc.querySelector(".context")!.textContent).toBe("Intro. ");
    expect(doc.querySelector("img")).toBeNull();
    expect(entities(app)).toEqual(["PER:5-5"]);
    expect(doc.querySelector("[data-testid=entity]")!.getAttribute("aria-label")).toBe("PER: York, model 41% sure");
    expect(doc.querySelector(".ent-tag")!.textContent).toBe("PER 41%");
    close();
  });

  it("tags with arrows, Shift and a type key, replacing the overlapped span, and saves the region with Enter", async () => {
    next = task({});
    const { app, close } = await open();
    press("Home");
    for (let i = 0; i < 4; i++) press("ArrowRight");
    press("ArrowRight", true);
    expect(app.querySelector("[data-testid=selection]")!.textContent).toContain("“New York”");
    press("l");
    expect(entities(app)).toEqual(["LOC:4-5"]);
    press("Home");
    press("p");
    press("ArrowDown"); // PER → LOC
    press("ArrowUp"); // and back
    expect(entities(app)).toEqual(["PER:0-0", "LOC:4-5"]);
    press("Enter");
    for (let i = 0; i < 5; i++) await settle();
    const posted = requests.find((r) => r.method === "POST")!;
    expect(posted.url).toBe("/api/v1/projects/1/annotations");
    expect(posted.body).toMatchObject({
      documentId: 5,
      region: { start: regionStart, end: text.length },
      spans: [{ ...at("Ada"), label: "PER" }, { start: at("New").start, end: at("York").end, label: "LOC" }],
      skip: false,
    });
    expect(app.querySelector("[data-testid=done]")).not.toBeNull();
    close();
  });

  it("removes the span under the cursor with Backspace", async () => {
    next = task({});
    const { app, close } = await open();
    press("End");
    press("ArrowLeft");
    press("Backspace");
    expect(entities(app)).toEqual([]);
    expect(app.querySelector("[data-testid=status]")!.textContent).toBe("Removed PER “York”.");
    close();
  });

  it("asks about the one suggestion in teach mode and posts the rejection", async () => {
    localStorage.setItem("tagloop.spanMode", "teach");
    next = task({ suggestion: { start: at("New").start, end: at("York").end, label: "LOC", probability: 0.55 } });
    const { app, close } = await open();
    expect(requests.find((r) => r.url.startsWith("/api/v1/projects/1/tasks/next"))!.url).toBe("/api/v1/projects/1/tasks/next?mode=teach");
    expect(app.querySelector("[data-testid=mode-teach]")!.getAttribute("aria-pressed")).toBe("true");
    expect(entities(app)).toEqual(["LOC:4-5"]);
    expect(app.querySelector("[data-testid=teach-question]")!.textContent).toBe("Is “New York” LOC? The model is 55% sure.LOC means: A place");
    press("l"); // type keys do nothing here
    press("x");
    for (let i = 0; i < 5; i++) await settle();
    expect(requests.find((r) => r.method === "POST")!.body).toMatchObject({ documentId: 5, spans: [{ start: at("New").start, end: at("York").end, label: "LOC" }], accept: false, skip: false });
    close();
  });

  it("falls back to correct mode, saying so, when teach mode has no suggestion", async () => {
    localStorage.setItem("tagloop.spanMode", "teach");
    next = task({});
    const { app, close } = await open();
    expect(app.querySelector<HTMLElement>("[data-testid=mode-note]")!.hidden).toBe(false);
    expect(app.querySelector("[data-testid=mode-note]")!.textContent).toContain("nothing to suggest");
    expect(app.querySelector<HTMLElement>("[data-testid=teach-question]")!.closest<HTMLElement>(".teach-box")!.hidden).toBe(true);
    expect(entities(app)).toEqual(["PER:5-5"]);
    close();
  });

  it("remembers the mode switched to", async () => {
    next = task({});
    const { app, close } = await open();
    app.querySelector<HTMLElement>("[data-testid=mode-teach]")!.click();
    expect(localStorage.getItem("tagloop.spanMode")).toBe("teach");
    close();
  });

  it("asks, with keys, before teach mode drops unsaved corrections, and saves them first on Enter", async () => {
    next = task({ regionNumber: 2, regionCount: 2, regionsAnswered: 1 });
    const { app, close } = await open();
    expect(app.querySelector("[data-testid=region-place]")!.textContent).toBe("Sentence 2 of 2 in this document (1 of 2 done)");
    press("End");
    press("ArrowLeft");
    press("Backspace");
    expect(app.querySelector("[data-testid=save-state]")!.textContent).toContain("you have changed this sentence");
    press("m");
    const box = app.querySelector<HTMLElement>("[data-testid=switch-question]")!;
    expect(box.hidden).toBe(false);
    expect(document.activeElement).toBe(app.querySelector("[data-testid=switch-save]"));
    // Esc stays, with the correction kept and nothing sent.
    box.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(box.hidden).toBe(true);
    expect(entities(app)).toEqual([]);
    expect(app.querySelector("[data-testid=mode-correct]")!.getAttribute("aria-pressed")).toBe("true");
    press("m");
    app.querySelector<HTMLElement>("[data-testid=switch-save]")!.click();
    for (let i = 0; i < 5; i++) await settle();
    const posted = requests.find((r) => r.method === "POST")!;
    expect(posted.body).toMatchObject({ documentId: 5, region: { start: regionStart, end: text.length }, spans: [] });
    expect(requests.filter((r) => r.url.startsWith("/api/v1/projects/1/tasks/next")).map((r) => r.url.split("?")[1])).toEqual(["mode=correct", "mode=teach"]);
    expect(localStorage.getItem("tagloop.spanMode")).toBe("teach");
    close();
  });

  it("flags the document with f and a note, and sends the flag with the answer", async () => {
    localStorage.setItem("tagloop.spanMode", "teach");
    next = task({ suggestion: { start: at("New").start, end: at("York").end, label: "LOC", probability: 0.55 } });
    const { app, close } = await open();
    press("f");
    const note = app.querySelector<HTMLInputElement>("[data-testid=flag-note]")!;
    expect(document.activeElement).toBe(note);
    note.value = hostile;
    note.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    const mark = app.querySelector<HTMLElement>("[data-testid=flag-state]")!;
    expect(mark.hidden).toBe(false);
    expect(mark.textContent).toContain(`⚑ Flagged: ${hostile}`);
    expect(mark.querySelector("img")).toBeNull();
    press("Enter");
    for (let i = 0; i < 5; i++) await settle();
    expect(requests.find((r) => r.method === "POST")!.body).toMatchObject({ documentId: 5, accept: true, flag: true, flagNote: hostile });
    expect(app.querySelector("[data-testid=status]")!.textContent).toBe("Accepted: “New York” is LOC. The document is flagged.");
    close();
  });
});
