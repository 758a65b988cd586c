import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../auth";
import type { ProjectContext } from "./project";
import { exploreView } from "./explore";

const HOSTILE = "<img src=x onerror=\"document.title='pwned'\"> court ruling";
const project = {
  id: 7, name: "P", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 4, guidelines: "",
  labels: [{ id: 1, name: "law", key: "l", description: "", color: "#2ca02c" }], strategy: "margin", encoder: "tfidf", overlapShare: 0.1, overlapAnswers: 2,
};
const points = [
  { documentId: 11, x: -0.5, y: 0.5, cluster: 0, answer: null, prediction: null, confidence: null },
  { documentId: 12, x: -0.4, y: 0.4, cluster: 0, answer: "law", prediction: null, confidence: null },
  { documentId: 13, x: 0.5, y: -0.5, cluster: 1, answer: null, prediction: null, confidence: null },
  { documentId: 14, x: -0.45, y: 0.45, cluster: 0, answer: null, prediction: null, confidence: null },
];
const clusters = {
  status: "ready", message: "", k: 2, automatic: true, seed: 1,
  clusters: [
    { id: 0, size: 3, terms: ["court", "ruling"], examples: [{ documentId: 11, text: HOSTILE }], labelCounts: { law: 1 }, labelled: 1, x: -0.45, y: 0.45 },
    { id: 1, size: 1, terms: ["goal"], examples: [{ documentId: 13, text: "A goal." }], labelCounts: {}, labelled: 0, x: 0.5, y: -0.5 },
  ],
};
let mapStatus = "ready";
let calls: { method: string; path: string; body?: string }[] = [];

beforeEach(() => {
  calls = [];
  mapStatus = "ready";
  location.hash = "";
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url, "http://localhost").pathname;
    calls.push({ method: init?.method ?? "GET", path, body: init?.body as string | undefined });
    const body = path.endsWith("/map")
      ? { status: mapStatus, message: mapStatus === "ready" ? "" : "The sentence model is reading the documents: 2 of 4.", encoder: "tfidf", seed: 1, version: 1, total: 4, page: 1, pageSize: 20000, points: mapStatus === "ready" ? points : [] }
      : path.endsWith("/clusters") ? clusters
        : path.endsWith("/novelty") ? { status: "ready", message: "", documents: [] }
          : path.endsWith("/queue/focus") ? { queued: JSON.parse(String(init?.body)).documentIds.length }
            : path.endsWith("/labels") ? { id: 2, name: JSON.parse(String(init?.body)).name, key: null, description: "", color: "#123456" }
            : {};
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const contextFor = (role: Role | null) =>
  ({ project: { ...project }, query: new URLSearchParams(), stats: () => undefined, refreshStats: async () => ({}), role, me: null, members: null } as unknown as ProjectContext);

const testid = (body: HTMLElement, id: string) => body.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe("explore view", () => {
  it("shows a viewer the groups, hostile text as text, and no buttons that write", async () => {
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("viewer"));
    await vi.waitFor(() => expect(testid(body, "explore-group-0")).not.toBeNull());
    expect(testid(body, "explore-no-webgl")!.textContent).toMatch(/cannot draw the map/);
    expect(testid(body, "explore-group-0-example")!.textContent).toContain(HOSTILE);
    expect(body.querySelector("img")).toBeNull();
    expect(testid(body, "explore-group-1-uncovered")).not.toBeNull();
    expect(testid(body, "explore-group-0-uncovered")).toBeNull();
    for (const id of ["explore-group-0-queue", "explore-group-0-new-label", "explore-group-0-new-rule"]) expect(testid(body, id)).toBeNull();
    expect(testid(body, "explore-groups-k")!.textContent).toMatch(/^2 groups, a number chosen automatically/);
    teardown();
  });

  it("gives an owner every button, and “Label some of these” queues the group's unlabelled documents, then opens Annotate", async () => {
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("owner"));
    await vi.waitFor(() => expect(testid(body, "explore-group-0-queue")).not.toBeNull());
    expect(testid(body, "explore-group-0-new-label")).not.toBeNull();
    expect(testid(body, "explore-group-0-new-rule")!.getAttribute("href")).toBe("#/projects/7/rules/new?kind=similar&documents=11&name=court+%2F+ruling");
    testid(body, "explore-group-0-queue")!.click();
    await vi.waitFor(() => expect(location.hash).toBe("#/projects/7/annotate"));
    const focus = calls.find((c) => c.path === "/api/v1/projects/7/queue/focus")!;
    expect(focus.method).toBe("POST");
    expect(JSON.parse(focus.body!)).toEqual({ documentIds: [11, 14] });
    teardown();
  });

  it("lets an owner make a new label from a group, its name from the group's words, then queues the group", async () => {
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("owner"));
    await vi.waitFor(() => expect(testid(body, "explore-group-0-new-label")).not.toBeNull());
    testid(body, "explore-group-0-new-label")!.click();
    const name = testid(body, "explore-group-0-label-name") as HTMLInputElement;
    expect(name.value).toBe("court / ruling");
    name.value = "Court rulings";
    testid(body, "explore-group-0-label-add")!.closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(location.hash).toBe("#/projects/7/annotate"));
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.path)).toEqual(["/api/v1/projects/7/labels", "/api/v1/projects/7/queue/focus"]);
    expect(JSON.parse(posts[0].body!)).toEqual({ name: "Court rulings" });
    expect(JSON.parse(posts[1].body!)).toEqual({ documentIds: [11, 14] });
    teardown();
  });

  it("an annotator may queue a group but not add a label or write a rule", async () => {
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("annotator"));
    await vi.waitFor(() => expect(testid(body, "explore-group-0-queue")).not.toBeNull());
    expect(testid(body, "explore-group-0-new-label")).toBeNull();
    expect(testid(body, "explore-group-0-new-rule")).toBeNull();
    teardown();
  });

  it("asks for more groups with k + 1", async () => {
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("viewer"));
    await vi.waitFor(() => expect(testid(body, "explore-more-groups")).not.toBeNull());
    testid(body, "explore-more-groups")!.click();
    await vi.waitFor(() => expect(vi.mocked(fetch).mock.calls.map((c) => String(c[0]))).toContain("/api/v1/projects/7/clusters?k=3"));
    expect(vi.mocked(fetch).mock.calls.map((c) => String(c[0]))).toContain("/api/v1/projects/7/map?page=1&pageSize=20000&k=3");
    teardown();
  });

  it("says what is happening while the map is made, asks again every 2 s, and stops once the view is gone", async () => {
    vi.useFakeTimers();
    mapStatus = "encoding";
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("viewer"));
    await vi.waitFor(() => expect(testid(body, "explore-waiting-text")?.textContent).toBe("The sentence model is reading the documents: 2 of 4."));
    const mapCalls = () => calls.filter((c) => c.path.endsWith("/map")).length;
    const before = mapCalls();
    await vi.advanceTimersByTimeAsync(2000);
    expect(mapCalls()).toBe(before + 1);
    teardown();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mapCalls()).toBe(before + 1);
  });

  it("follows other people's answers and new models, reloading at most once every 10 s, and stops listening once the view is gone", async () => {
    vi.useFakeTimers();
    const sources: { url: string; listeners: Map<string, () => void>; closed: boolean }[] = [];
    vi.stubGlobal("EventSource", class {
      readonly record: { url: string; listeners: Map<string, () => void>; closed: boolean };
      constructor(url: string) {
        this.record = { url, listeners: new Map(), closed: false };
        sources.push(this.record);
      }
      addEventListener(name: string, listener: () => void) { this.record.listeners.set(name, listener); }
      close() { this.record.closed = true; }
    });
    const body = document.createElement("section");
    const teardown = exploreView(body, contextFor("viewer"));
    await vi.waitFor(() => expect(testid(body, "explore-group-0")).not.toBeNull());
    expect(sources.map((source) => source.url)).toEqual(["/api/v1/projects/7/events"]);
    const mapCalls = () => calls.filter((c) => c.path.endsWith("/map")).length;
    const before = mapCalls();
    const [source] = sources;
    source!.listeners.get("stats")!();
    source!.listeners.get("model")!();
    source!.listeners.get("stats")!();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(mapCalls()).toBe(before);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(mapCalls()).toBe(before + 1);
    source!.listeners.get("stats")!();
    teardown();
    expect(source!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(mapCalls()).toBe(before + 1);
  });
});
