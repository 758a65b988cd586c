import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settingsView } from "./settings";
import type { ProjectContext } from "./project";

const strategies = [
  { name: "margin", title: "Closest call", description: "Hardest calls.", isDefault: true },
  { name: "random", title: "Random", description: "<b>as it is</b>", isDefault: false },
];
const encoders = [
  { name: "minilm+tfidf", title: "Meaning and words", description: "<i>Reads meaning</i>", isDefault: true },
  { name: "tfidf", title: "Words only", description: "Which words.", isDefault: false },
];
const project = {
  id: 4, name: "P", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 3, guidelines: "",
  labels: [], strategy: "margin", encoder: "minilm+tfidf", overlapShare: 0.1, overlapAnswers: 2,
};
let calls: { method: string; url: string; body?: string }[] = [];

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ method: init?.method ?? "GET", url, body: init?.body as string | undefined });
    const path = new URL(url, "http://localhost").pathname;
    const body = path === "/api/v1/strategies" ? strategies : path === "/api/v1/encoders" ? encoders
      : path === "/api/v1/projects/4/labels" || path === "/api/v1/projects/4/labels/history" ? []
      : { ...project, ...JSON.parse(String(init?.body)) };
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
});

afterEach(() => vi.unstubAllGlobals());

describe("settings view", () => {
  it("shows every strategy in plain words, the current one chosen, and saves a change", async () => {
    const body = document.createElement("section");
    await settingsView(body, { project: { ...project }, query: new URLSearchParams(), stats: () => undefined, refreshStats: async () => { throw new Error("unused"); } } as unknown as ProjectContext);
    const radios = [...body.querySelectorAll<HTMLInputElement>("input[name=strategy]")];
    expect(radios.map((r) => r.value)).toEqual(["margin", "random"]);
    expect(radios[0].checked).toBe(true);
    expect(body.textContent).toContain("(default)");
    expect(body.querySelector("b")).toBeNull(); // descriptions are text

    radios[1].checked = true;
    body.querySelector("[data-testid=strategy-form]")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(body.querySelector("[data-testid=strategy-status]")!.textContent).toContain("Random"));
    const patch = calls.find((c) => c.method === "PATCH")!;
    expect(patch.url).toBe("/api/v1/projects/4/settings");
    expect(JSON.parse(patch.body!)).toEqual({ strategy: "random" });
  });

  it("shows the encoders in plain words, the project's chosen, and says the model reads words alone until the new one is ready", async () => {
    const body = document.createElement("section");
    await settingsView(body, { project: { ...project }, query: new URLSearchParams(), stats: () => undefined, refreshStats: async () => { throw new Error("unused"); } } as unknown as ProjectContext);
    const radios = [...body.querySelectorAll<HTMLInputElement>("input[name=encoder]")];
    expect(radios.map((r) => r.value)).toEqual(["minilm+tfidf", "tfidf"]);
    expect(radios[0].checked).toBe(true);
    expect(body.querySelector("i")).toBeNull(); // descriptions are text
    expect(body.textContent).toContain("<i>Reads meaning</i>");

    const form = body.querySelector("[data-testid=encoder-form]")!;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(body.querySelector("[data-testid=encoder-status]")!.textContent).toBe("Nothing changed: this is already the project's setting.");
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    radios[1].checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(body.querySelector("[data-testid=encoder-status]")!.textContent).toContain("Words only"));
    expect(body.querySelector("[data-testid=encoder-status]")!.classList.contains("ok")).toBe(true);
    expect(JSON.parse(calls.find((c) => c.method === "PATCH")!.body!)).toEqual({ encoder: "tfidf" });

    radios[0].checked = true;
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(body.querySelector("[data-testid=encoder-status]")!.textContent).toContain("until then the model learns from words alone"));
  });

  it("says clearly, in red, when a setting could not be saved", async () => {
    const body = document.createElement("section");
    await settingsView(body, { project: { ...project }, query: new URLSearchParams(), stats: () => undefined, refreshStats: async () => { throw new Error("unused"); } } as unknown as ProjectContext);
    const fetch = vi.mocked(globalThis.fetch);
    fetch.mockImplementationOnce(async () => new Response(JSON.stringify({
      title: "The request is not valid.", status: 400, detail: "Unknown encoder 'tfidf'; a project can use minilm+tfidf.",
      errors: { encoder: ["Unknown encoder 'tfidf'; a project can use minilm+tfidf."] },
    }), { status: 400, headers: { "Content-Type": "application/problem+json" } }));
    body.querySelector<HTMLInputElement>("input[value=tfidf]")!.checked = true;
    body.querySelector("[data-testid=encoder-form]")!.dispatchEvent(new Event("submit", { cancelable: true }));
    const status = body.querySelector("[data-testid=encoder-status]")!;
    await vi.waitFor(() => expect(status.textContent).toBe("Not saved: Unknown encoder 'tfidf'; a project can use minilm+tfidf."));
    expect(status.classList.contains("error")).toBe(true);
    expect(body.querySelector<HTMLButtonElement>("[data-testid=encoder-save]")!.disabled).toBe(false);

    fetch.mockImplementationOnce(async () => { throw new TypeError("Failed to fetch"); });
    body.querySelector("[data-testid=encoder-form]")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(status.textContent).toContain("could not be reached"));
    expect(status.classList.contains("error")).toBe(true);
  });

  it("sets the share of documents several people label, as a percentage, and says what was saved or what is wrong", async () => {
    const body = document.createElement("section");
    const p = { ...project };
    await settingsView(body, { project: p, query: new URLSearchParams(), stats: () => undefined, refreshStats: async () => { throw new Error("unused"); } } as unknown as ProjectContext);
    const form = body.querySelector("[data-testid=overlap-form]")!;
    expect(form.textContent).toContain("Several people per document");
    expect(form.textContent).toContain("They do not see each other's answers or the model's guess on those documents.");
    const share = body.querySelector<HTMLInputElement>("[data-testid=overlap-share]")!;
    const people = body.querySelector<HTMLInputElement>("[data-testid=overlap-answers]")!;
    expect(share.value).toBe("10");
    expect(people.value).toBe("2");
    const status = body.querySelector("[data-testid=overlap-status]")!;

    people.value = "11";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(status.textContent).toBe("Not saved: Give the number of people as a whole number from 2 to 10.");
    expect(people.getAttribute("aria-invalid")).toBe("true");
    expect(people.getAttribute("aria-describedby")).toBe("overlap-status");
    expect(share.hasAttribute("aria-invalid")).toBe(false);
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    people.value = "2";
    share.value = "100.5";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(status.textContent).toBe("Not saved: Give the share as a percentage from 0 to 100.");
    expect(share.getAttribute("aria-invalid")).toBe("true");
    expect(people.hasAttribute("aria-invalid")).toBe(false);
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);

    share.value = "25";
    people.value = "3";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(status.textContent).toBe("Saved: 25% of documents will be labelled by 3 different people each."));
    expect(status.classList.contains("ok")).toBe(true);
    expect(share.hasAttribute("aria-invalid")).toBe(false);
    expect(JSON.parse(calls.find((c) => c.method === "PATCH")!.body!)).toEqual({ overlapShare: 0.25, overlapAnswers: 3 });
    expect(p.overlapShare).toBe(0.25);

    vi.mocked(globalThis.fetch).mockImplementationOnce(async () => new Response(JSON.stringify({
      title: "The request is not valid.", status: 400, detail: "overlapAnswers must be between 2 and 10.",
      errors: { overlapAnswers: ["overlapAnswers must be between 2 and 10."] },
    }), { status: 400, headers: { "Content-Type": "application/problem+json" } }));
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(status.textContent).toBe("Not saved: overlapAnswers must be between 2 and 10."));
    expect(status.classList.contains("error")).toBe(true);
    expect(people.getAttribute("aria-invalid")).toBe("true");
  });
});
