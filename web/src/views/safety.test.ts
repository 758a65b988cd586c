import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuthState } from "../auth";
import { projectView } from "./project";

// Texts, names, notes and metadata come from files and other people: every view must show them as text.
const hostile = "<img src=x onerror=alert(1)><b>bold</b>";

const project = {
  id: 1, name: hostile, task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 1,
  guidelines: `Read this: ${hostile}`,
  labels: [{ id: 1, name: hostile, key: "s", description: hostile, color: "#d62728" }, { id: 2, name: "ham", key: "h", description: "", color: "#2ca02c" }],
};
const stats = { total: 1, labelled: 1, skipped: 0, flagged: 1, annotations: 1, labels: [{ name: hostile, count: 1 }, { name: "ham", count: 0 }], annotators: [] };
const meta = { [hostile]: hostile, nested: { html: hostile } };
const annotation = {
  id: 9, documentId: 7, author: "ann", kind: "answer", labels: [hostile], createdAt: "2026-01-01T00:00:00Z", secondsSpent: 2,
  flagged: true, flagNote: hostile, source: "human", isCurrent: true, spans: [],
};
const answers: Record<string, unknown> = {
  "/api/v1/projects/1": project,
  "/api/v1/projects/1/stats": stats,
  "/api/v1/projects/1/tasks/next": { documentId: 7, text: hostile, meta },
  "/api/v1/projects/1/documents/7": { id: 7, text: hostile, meta, annotations: [annotation] },
  "/api/v1/projects/1/documents": {
    items: [{ id: 7, text: hostile, truncated: false, meta, labels: [hostile], annotators: [hostile], flagged: true, skipped: false, annotatedAt: null }],
    total: 1, page: 1, pageSize: 25,
  },
};

beforeEach(() => {
  setAuthState({ kind: "single" });
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    const body = answers[new URL(url, "http://localhost").pathname];
    return new Response(body === undefined ? "" : JSON.stringify(body), { status: body === undefined ? 404 : 200, headers: { "Content-Type": "application/json" } });
  }));
  document.body.innerHTML = '<main id="app"></main>';
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function show(tab: string, detail?: string): Promise<HTMLElement> {
  const app = document.getElementById("app")!;
  const teardown = await projectView(app, 1, tab, detail, new URLSearchParams());
  await vi.waitFor(() => expect(app.textContent).toContain(hostile));
  await new Promise((resolve) => setTimeout(resolve, 20));
  teardown?.();
  return app;
}

function expectOnlyText(root: HTMLElement): void {
  expect(root.querySelector("img")).toBeNull();
  expect(root.querySelector("b")).toBeNull();
  expect(root.querySelector("[onerror]")).toBeNull();
}

describe("untrusted text in the views", () => {
  it("shows a hostile document in the annotation view as literal text, with its labels, metadata and guidelines", async () => {
    const app = await show("annotate");
    await vi.waitFor(() => expect(app.querySelector("[data-testid=doc-text]")!.textContent).toBe(hostile));
    expect(app.querySelector("h1")!.textContent).toBe(hostile);
    expect(app.querySelector("[data-testid=guidelines-panel]")!.textContent).toContain(`Read this: ${hostile}`);
    expect(app.querySelector(".meta")!.textContent).toContain(hostile);
    const testids = [...app.querySelectorAll("[data-testid^=label-button-]")].map((b) => b.getAttribute("data-testid"));
    expect(testids).toEqual([`label-button-${hostile}`, "label-button-ham"]);
    expectOnlyText(app);
  });

  it("shows a hostile document, its history and flag note in the document view as literal text", async () => {
    const app = await show("documents", "7");
    expect(app.querySelector("[data-testid=doc-text]")!.textContent).toBe(hostile);
    expect(app.querySelector(".history")!.textContent).toContain(`Flagged: ${hostile}`);
    expectOnlyText(app);
  });

  it("shows hostile previews, labels and names in the list as literal text", async () => {
    const app = await show("browse");
    await vi.waitFor(() => expect(app.querySelector("[data-testid=browse-row]")).not.toBeNull());
    expect(app.querySelector("[data-testid=browse-row] .preview")!.textContent).toBe(hostile);
    expectOnlyText(app);
  });
});
