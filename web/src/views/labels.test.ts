import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { freeColor, labelsSection } from "./labels";
import type { ProjectContext } from "./project";

const hostile = "<img src=x onerror=alert(1)>";
const initial = [
  { id: 1, name: "billing", key: "b", description: "Money", color: "#1f77b4" },
  { id: 2, name: hostile, key: "h", description: "<b>bold</b>", color: "#d62728" },
];
let labels = initial;
const history = [{ version: 1, kind: "add", summary: `Added label '${hostile}'.`, author: "ann", at: "2026-01-01T10:00:00Z" }];
const stats = { total: 5, labelled: 3, skipped: 0, flagged: 0, annotations: 3, labels: [{ name: "billing", count: 2 }, { name: hostile, count: 1 }], annotators: [] };
let calls: { method: string; path: string; body?: unknown }[] = [];
let answer: ((method: string, path: string) => Response | undefined) | undefined;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });

beforeEach(() => {
  calls = [];
  answer = undefined;
  labels = initial;
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const path = new URL(url, "http://localhost").pathname;
    calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const special = answer?.(method, path);
    if (special) return special;
    if (path.endsWith("/labels/history")) return json(history);
    if (path.endsWith("/labels") && method === "GET") return json(labels);
    if (method === "PATCH") {
      labels = labels.map((l) => (path.endsWith(`/labels/${l.id}`) ? { ...l, ...(calls.at(-1)!.body as object) } : l));
      return json(labels.find((l) => path.endsWith(`/labels/${l.id}`)));
    }
    if (path.endsWith("/merge")) {
      labels = labels.filter((l) => l.id !== 1);
      return json({ version: 2, labels: [labels[0]], answers: 2, documentsRequeued: 0 });
    }
    throw new Error(`unexpected ${method} ${path}`);
  }));
});

afterEach(() => vi.unstubAllGlobals());

function context() {
  const project = { id: 4, name: "P", task: "classification", multiLabel: false, createdAt: "", documents: 5, guidelines: "", labels: [], strategy: "margin", encoder: "tfidf" };
  const refreshStats = vi.fn(async () => stats);
  return { project, query: new URLSearchParams(), stats: () => stats, refreshStats } as unknown as ProjectContext & { refreshStats: typeof refreshStats };
}

const item = (root: HTMLElement, id: number) => root.querySelector<HTMLElement>(`[data-label-id="${id}"]`)!;
const submit = (form: Element) => form.dispatchEvent(new Event("submit", { cancelable: true }));

describe("labels section", () => {
  it("lists every label as text with its colour, key and description, and the history of changes", async () => {
    const root = await labelsSection(context());
    expect(root.querySelector("img, b")).toBeNull();
    const second = item(root, 2);
    expect(second.querySelector<HTMLInputElement>("[data-testid=label-name]")!.value).toBe(hostile);
    expect(second.querySelector<HTMLInputElement>("[data-testid=label-key]")!.value).toBe("h");
    expect(second.querySelector<HTMLInputElement>("[data-testid=label-color]")!.value).toBe("#d62728");
    expect(second.querySelector<HTMLInputElement>("[data-testid=label-description]")!.value).toBe("<b>bold</b>");
    const row = root.querySelector("[data-testid=label-history-row]")!;
    expect(row.textContent).toContain(`Added label '${hostile}'.`);
    expect(row.textContent).toContain("ann");
  });

  it("saves only what changed, then reads the labels again for the whole project", async () => {
    const ctx = context();
    const root = await labelsSection(ctx);
    const first = item(root, 1);
    first.querySelector<HTMLInputElement>("[data-testid=label-name]")!.value = "invoices";
    first.querySelector<HTMLInputElement>("[data-testid=label-key]")!.value = "";
    submit(first.querySelector("form")!);
    await vi.waitFor(() => expect(root.querySelector("[data-testid=labels-status]")!.textContent).toContain("renamed “billing” to “invoices”"));
    expect(calls.find((c) => c.method === "PATCH")).toEqual({ method: "PATCH", path: "/api/v1/projects/4/labels/1", body: { name: "invoices", key: "" } });
    expect(ctx.project.labels.map((l) => l.name)).toEqual(["invoices", hostile]);
    expect(ctx.refreshStats).toHaveBeenCalled();
  });

  it("says when nothing changed, and sends nothing", async () => {
    const root = await labelsSection(context());
    submit(item(root, 1).querySelector("form")!);
    expect(item(root, 1).querySelector("[data-testid=label-status]")!.textContent).toBe("Nothing changed.");
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
  });

  it("shows the server's message next to the field it is about", async () => {
    const root = await labelsSection(context());
    answer = (method) => method === "PATCH" ? json({
      status: 400, title: "The request is not valid.", detail: "Key 'h' is used by more than one label.", errors: { key: ["Key 'h' is used by more than one label."] },
    }, 400) : undefined;
    const first = item(root, 1);
    const key = first.querySelector<HTMLInputElement>("[data-testid=label-key]")!;
    key.value = "h";
    submit(first.querySelector("form")!);
    await vi.waitFor(() => expect(key.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(key.getAttribute("aria-describedby")!) ?? first.querySelector(`#${key.getAttribute("aria-describedby")}`)).not.toBeNull();
    expect(first.querySelector(`#${key.getAttribute("aria-describedby")}`)!.textContent).toBe("Key 'h' is used by more than one label.");
    expect(first.querySelector("[data-testid=label-status]")!.textContent).toBe("Not saved: See the message next to the field.");
  });

  it("asks before merging, in a sentence that says how the answers move, and merges into the chosen label", async () => {
    const ctx = context();
    const root = await labelsSection(ctx);
    document.body.append(root);
    try {
      item(root, 1).querySelector<HTMLButtonElement>("[data-testid=label-merge]")!.click();
      const box = root.querySelector("[data-testid=merge-confirm]")!;
      expect(box.querySelector("[data-testid=merge-confirm-sentence]")!.textContent).toContain(
        `Every answer that says “billing” will say “${hostile}” instead (the 2 documents labelled “billing”).`);
      expect(calls.some((c) => c.method === "POST")).toBe(false);
      submit(box);
      await vi.waitFor(() => expect(root.querySelector("[data-testid=labels-status]")!.textContent).toBe(`Merged “billing” into “${hostile}”: 2 answers say “${hostile}” now.`));
      expect(calls.find((c) => c.method === "POST")).toEqual({ method: "POST", path: "/api/v1/projects/4/labels/1/merge", body: { into: 2 } });
      expect(ctx.project.labels.map((l) => l.id)).toEqual([2]);
      expect(root.querySelector("[data-testid=merge-confirm]")).toBeNull();
    } finally {
      root.remove();
    }
  });

  it("opens the merge the address asks for, into the label it names, once the section is on the page", async () => {
    labels = [...initial, { id: 3, name: "fees", key: "f", description: "", color: "#2ca02c" }];
    const ctx = context();
    ctx.query = new URLSearchParams("merge=3&into=2");
    const root = await labelsSection(ctx);
    expect(root.querySelector("[data-testid=merge-confirm]")).toBeNull();
    document.body.append(root);
    try {
      await vi.waitFor(() => expect(item(root, 3).querySelector("[data-testid=merge-confirm]")).not.toBeNull());
      // Without the address's choice the first other label, "billing", would be chosen.
      expect(item(root, 3).querySelector<HTMLSelectElement>("[data-testid=merge-into]")!.value).toBe("2");
    } finally {
      root.remove();
    }
  });

  it("opens the split the address asks for, and says so when the label is gone", async () => {
    const ctx = context();
    ctx.query = new URLSearchParams("split=2");
    const root = await labelsSection(ctx);
    document.body.append(root);
    const gone = context();
    gone.query = new URLSearchParams("merge=99&into=1");
    const other = await labelsSection(gone);
    document.body.append(other);
    try {
      await vi.waitFor(() => expect(item(root, 2).querySelector("[data-testid=split-confirm]")).not.toBeNull());
      await vi.waitFor(() => expect(other.querySelector("[data-testid=labels-status]")!.textContent).toContain("not here any more"));
      expect(other.querySelector("[data-testid=merge-confirm]")).toBeNull();
    } finally {
      root.remove();
      other.remove();
    }
  });

  it("checks a split's names before sending, and Escape closes the confirmation", async () => {
    const root = await labelsSection(context());
    document.body.append(root);
    try {
      const splitButton = item(root, 1).querySelector<HTMLButtonElement>("[data-testid=label-split]")!;
      splitButton.click();
      const box = root.querySelector<HTMLElement>("[data-testid=split-confirm]")!;
      const names = box.querySelectorAll<HTMLInputElement>("[data-testid=split-name]");
      expect(names).toHaveLength(2);
      names[0].value = "refund";
      submit(box);
      await vi.waitFor(() => expect(box.querySelector("[data-testid=split-confirm-status]")!.textContent).toContain("at least two"));
      expect(calls.some((c) => c.method === "POST")).toBe(false);
      names[1].value = "invoice";
      names[1].dispatchEvent(new Event("input"));
      expect(box.querySelector("[data-testid=split-confirm-sentence]")!.textContent).toContain("“billing” will be replaced by “refund” and “invoice”. The 2 documents labelled “billing” go back to the front of the queue");
      box.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
      expect(root.querySelector("[data-testid=split-confirm]")).toBeNull();
      expect(document.activeElement).toBe(splitButton);
    } finally {
      root.remove();
    }
  });

  it("suggests for a new label the first palette colour no label has", () => {
    expect(freeColor([])).toBe("#1f77b4");
    expect(freeColor(initial)).toBe("#2ca02c");
    expect(freeColor([{ ...initial[0], color: "#1F77B4" }])).toBe("#d62728");
  });
});
