import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuthState } from "../auth";
import { projectView } from "./project";

// Rule names, terms, notes, texts and answers are other people's words: they must stay text.
const hostile = "<img src=x onerror=alert(1)><b>bold</b>";
const project = {
  id: 1, name: "Mail", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 20, guidelines: "",
  labels: [{ id: 1, name: "billing", key: "b", description: "Money matters", color: "#d62728" }, { id: 2, name: "other", key: "o", description: "", color: "#2ca02c" }],
};
const stats = { total: 20, labelled: 4, skipped: 0, flagged: 0, annotations: 8, labels: [], annotators: [] };
const base = {
  label: "billing", match: "any", caseSensitive: false, pattern: null, examples: [], exampleDocumentIds: [], threshold: null,
  metaField: null, metaValue: null, note: null, createdBy: "olivia", createdAt: "2026-01-01T00:00:00Z", updatedBy: "olivia", updatedAt: "2026-01-02T00:00:00Z",
};
const refunds = { ...base, id: 3, name: "refunds", kind: "keywords", terms: ["refund*", "money back"], enabled: true, version: 2 };
const odd = { ...base, id: 4, name: hostile, kind: "regex", terms: [], pattern: hostile, enabled: false, note: hostile, version: 1 };
const analysis = {
  documents: 20, answered: 4,
  totals: { coverage: 0.7, overlap: 0.3, conflict: 0.05 },
  labelModel: { name: "dawid-skene", choice: "auto: best on 4 answers", coverage: 0.7, accuracy: 0.75 },
  rules: [
    { id: 3, name: "refunds", label: "billing", enabled: true, polarity: ["billing"], hits: 6, coverage: 0.3, overlaps: 0.5, conflicts: 0, answered: 4, correct: 3, accuracy: 0.75, accuracyLow: 0.3, accuracyHigh: 0.954, error: null },
    { id: 4, name: hostile, label: "billing", enabled: false, polarity: ["billing"], hits: 0, coverage: 0, overlaps: 0, conflicts: 0, answered: 0, correct: 0, accuracy: null, accuracyLow: null, accuracyHigh: null, error: hostile },
  ],
};
const versions = { versions: [
  { version: 2, summary: "Changed terms.", author: "olivia", at: "2026-01-02T00:00:00Z", rule: refunds },
  { version: 1, summary: "Added.", author: hostile, at: "2026-01-01T00:00:00Z", rule: refunds },
] };

const suggestions = [
  { label: "billing", terms: ["invoice"], precision: 1, precisionLow: 0.51, precisionHigh: 1, support: 4, correct: 4, coverage: 0.25, hits: 5 },
  { label: "other", terms: [hostile], precision: 0.9, precisionLow: 0.6, precisionHigh: 0.98, support: 10, correct: 9, coverage: 0.5, hits: 10 },
];

/** A preview answer for `hits` documents, each hit's text hostile. */
const previewOf = (hits: number, page = 1) => ({
  documents: 20, hits, coverage: hits / 20, answered: hits ? 1 : 0, correct: hits ? 1 : 0, accuracy: hits ? 1 : null, accuracyLow: hits ? 0.21 : null, accuracyHigh: hits ? 1 : null,
  overlaps: 0, conflicts: 0, error: null, page, pageSize: 10,
  hitsPage: Array.from({ length: Math.min(10, Math.max(0, hits - (page - 1) * 10)) }, (_, i) => ({ documentId: 100 + (page - 1) * 10 + i, text: `${hostile} ${i}`, answer: i === 0 ? "billing" : i === 1 ? "other" : null })),
});

interface Call { method: string; path: string; query: URLSearchParams; body: unknown; signal?: AbortSignal | null }
let calls: Call[];
let handler: (call: Call) => { status: number; body?: unknown } | undefined;

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

const defaults = (call: Call): { status: number; body?: unknown } | undefined => {
  const routes: Record<string, unknown> = {
    "GET /api/v1/projects/1": project,
    "GET /api/v1/projects/1/stats": stats,
    "GET /api/v1/projects/1/rules": { rules: [refunds, odd] },
    "GET /api/v1/projects/1/rules/analysis": analysis,
    "GET /api/v1/projects/1/rules/suggestions": { documents: 20, labelled: 4, reason: null, suggestions },
    "GET /api/v1/projects/1/rules/3/versions": versions,
    "GET /api/v1/projects/1/rules/3/hits": {
      total: 23, page: Number(call.query.get("page")), pageSize: 20,
      hitsPage: [0, 1, 2].map((i) => ({ documentId: 120 + i, text: `${hostile} ${i}`, answer: i === 0 ? "billing" : i === 1 ? "other" : null })),
    },
  };
  const body = routes[`${call.method} ${call.path}`];
  return body === undefined ? undefined : { status: 200, body };
};

beforeEach(() => {
  setAuthState({ kind: "single" });
  calls = [];
  handler = () => undefined;
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const parsed = new URL(url, "http://localhost");
    const call: Call = { method: init?.method ?? "GET", path: parsed.pathname, query: parsed.searchParams, body: init?.body ? JSON.parse(String(init.body)) : undefined, signal: init?.signal };
    calls.push(call);
    const answer = handler(call) ?? defaults(call);
    return answer ? json(answer.status, answer.body) : json(404, { status: 404, title: "Not Found" });
  }));
  document.body.innerHTML = '<main id="app"></main>';
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

let teardown: (() => void) | undefined;
afterEach(() => teardown?.());

async function open(detail?: string, query = ""): Promise<HTMLElement> {
  const app = document.getElementById("app")!;
  teardown = await projectView(app, 1, "rules", detail, new URLSearchParams(query));
  return app;
}

const byTestId = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid=${id}]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid=${id}]`)];
const type = (input: HTMLInputElement | HTMLTextAreaElement, text: string) => {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
const previews = () => calls.filter((c) => c.path === "/api/v1/projects/1/rules/preview");

describe("the rules list", () => {
  it("lists the rules at once and their figures when they come", async () => {
    let release: (() => void) | undefined;
    const later = new Promise<void>((resolve) => { release = resolve; });
    const app = document.getElementById("app")!;
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      const parsed = new URL(url, "http://localhost");
      const call: Call = { method: init?.method ?? "GET", path: parsed.pathname, query: parsed.searchParams, body: undefined };
      if (call.path.endsWith("/analysis")) await later;
      const answer = defaults(call);
      return answer ? json(answer.status, answer.body) : json(404, { status: 404 });
    }));
    teardown = await projectView(app, 1, "rules", undefined, new URLSearchParams());
    await vi.waitFor(() => expect(all(app, "rule-row")).toHaveLength(2));
    expect(byTestId(app, "rules-figures-pending")!.textContent).toBe("Working out what the rules find…");
    expect(byTestId(all(app, "rule-row")[0], "rule-hits")!.textContent).toBe("…");
    release!();
    await vi.waitFor(() => expect(byTestId(all(app, "rule-row")[0], "rule-hits")!.textContent).toBe("6 documents (30%)"));
    expect(byTestId(app, "rules-figures-pending")).toBeNull();
  });

  it("lists each rule with its summary, label, figures and switch, and the totals in words, all as text", async () => {
    const app = await open();
    await vi.waitFor(() => expect(byTestId(app, "rules-totals-line")).not.toBeNull());
    expect(all(app, "rule-row")).toHaveLength(2);
    expect(byTestId(app, "tab-rules")!.classList.contains("active")).toBe(true);
    expect(byTestId(app, "rules-totals-line")!.textContent).toBe("Rules cover 70% of documents; they disagree on 5%. Two or more rules vote on 30%.");
    expect(byTestId(app, "rules-label-model")!.textContent).toContain("with the Dawid–Skene model (it trusts the rules that seem more reliable more): it labels 70% of documents, 75% right on those people answered.");
    expect(byTestId(app, "rules-label-model-why")!.textContent).toBe("Chosen automatically: best on 4 answers.");
    const [first, second] = all(app, "rule-row");
    expect(byTestId(first, "rule-summary")!.textContent).toBe("Has any of “refund*” or “money back”");
    expect(byTestId(first, "rule-kind")!.textContent).toBe("Words");
    expect(byTestId(first, "rule-hits")!.textContent).toBe("6 documents (30%)");
    expect(byTestId(first, "rule-hits-link")!.getAttribute("href")).toBe("#/projects/1/rules/3?show=hits");
    expect(byTestId(first, "rule-accuracy")!.textContent).toBe("75% right on 4 answered documents (30–95%)");
    expect(byTestId(first, "rule-overlap")!.textContent).toBe("Other rules also vote on 50% of these documents and always agree");
    expect(byTestId(first, "rule-switch")!.getAttribute("aria-checked")).toBe("true");
    expect(byTestId(second, "rule-link")!.textContent).toBe(hostile);
    expect(byTestId(second, "rule-note")!.textContent).toBe(hostile);
    expect(byTestId(second, "rule-error")!.textContent).toBe(`Error ${hostile}`);
    expect(byTestId(second, "rule-summary")!.querySelector("code")!.textContent).toBe(hostile);
    expect(byTestId(second, "rule-hits")!.textContent).toBe("—");
    expect(byTestId(second, "rule-switch")!.getAttribute("aria-checked")).toBe("false");
    expect(app.querySelector("#app img, #app b")).toBeNull();
    expect(byTestId(app, "rule-new")).not.toBeNull();
  });

  it("switches a rule off with the version it read, and says so when someone changed it first", async () => {
    const app = await open();
    await vi.waitFor(() => expect(all(app, "rule-row")).toHaveLength(2));
    handler = (c) => (c.method === "PATCH" ? { status: 200, body: { ...refunds, enabled: false, version: 3 } } : undefined);
    byTestId(all(app, "rule-row")[0], "rule-switch")!.click();
    await vi.waitFor(() => expect(byTestId(app, "rules-status")!.textContent).toContain("“refunds” is off"));
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({ enabled: false, version: 2 });

    handler = (c) => (c.method === "PATCH" ? { status: 409, body: { status: 409, detail: "The rule is at version 4, changed by rita." } } : undefined);
    byTestId(all(app, "rule-row")[0], "rule-switch")!.click();
    await vi.waitFor(() => expect(byTestId(app, "rules-status")!.textContent).toContain("someone changed “refunds” since this page was loaded. The rule is at version 4, changed by rita."));
    expect(byTestId(app, "rules-status")!.className).toContain("error");
  });

  it("still lists the rules when their figures cannot be worked out", async () => {
    handler = (c) => (c.path.endsWith("/analysis") ? { status: 500, body: { status: 500, detail: "Something broke." } } : undefined);
    const app = await open();
    await vi.waitFor(() => expect(byTestId(app, "rules-analysis-problem")).not.toBeNull());
    expect(byTestId(app, "rules-analysis-problem")!.textContent).toBe("The rules’ figures could not be worked out: Something broke.");
    expect(byTestId(all(app, "rule-row")[0], "rule-hits")!.textContent).toBe("—");
  });

  it("shows viewers the rules and figures but no switch, no new rule, and a read-only rule page", async () => {
    setAuthState({ kind: "signed-in", user: { name: "vera", admin: false, mustChangePassword: false } as never });
    handler = (c) => (c.path === "/api/v1/projects/1/members" ? { status: 200, body: { members: [{ user: "vera", role: "viewer", disabled: false }] } } : undefined);
    const app = await open();
    await vi.waitFor(() => expect(all(app, "rule-row")).toHaveLength(2));
    expect(byTestId(app, "rule-new")).toBeNull();
    expect(app.querySelector("[role=switch]")).toBeNull();
    expect(byTestId(all(app, "rule-row")[0], "rule-switch")!.textContent).toBe("On");

    const page = await open("3");
    await vi.waitFor(() => expect(byTestId(page, "rule-versions")).not.toBeNull());
    expect(byTestId(page, "rule-form")).toBeNull();
    expect(page.querySelector("input, select, textarea, button[role=switch]")).toBeNull();
    expect(byTestId(page, "rule-summary")!.textContent).toBe("Has any of “refund*” or “money back”");
    expect(all(page, "rule-version").map((r) => r.children[2].textContent)).toEqual(["olivia", hostile]);
    expect(byTestId(page, "rule-version-then")!.textContent).toBe("Then: Has any of “refund*” or “money back” → billing");

    const refused = await open("new");
    expect(byTestId(refused, "role-needed")!.textContent).toContain("Only reviewers and owners can write rules.");
  });

  it("pages through the documents a rule finds, each linked to its page", async () => {
    const app = await open("3", "show=hits&page=2");
    await vi.waitFor(() => expect(all(app, "rule-hit")).toHaveLength(3));
    expect(calls.find((c) => c.path.endsWith("/rules/3/hits"))!.query.get("page")).toBe("2");
    expect(byTestId(app, "rule-hits-summary")!.textContent).toBe("Showing 21–23 of 23 documents.");
    expect(byTestId(all(app, "rule-hit")[0], "rule-hit-link")!.getAttribute("href")).toBe("#/projects/1/documents/120");
    expect(byTestId(all(app, "rule-hit")[0], "rule-hit-text")!.textContent).toBe(`${hostile} 0`);
    expect(byTestId(all(app, "rule-hit")[0], "rule-hit-answer")!.textContent).toBe("Labelled billing✓ as the rule says");
    expect(byTestId(all(app, "rule-hit")[1], "rule-hit-answer")!.textContent).toBe("Labelled other✗ not the rule’s label");
    expect(byTestId(app, "rule-pager-page")!.textContent).toBe("Page 2 of 2");
    expect(app.querySelector("#app img, #app b")).toBeNull();
  });
});

describe("the rule editor", () => {
  it("updates what the rule finds while a term is typed, debounced, and adds the term with Enter", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    handler = (c) => (c.path.endsWith("/preview") ? { status: 200, body: previewOf(((c.body as { terms: string[] }).terms.join(",").length % 7) + 1) } : undefined);
    const app = await open("new");
    const input = byTestId(app, "rule-term-input") as HTMLInputElement;
    type(input, "r");
    type(input, "re");
    type(input, "ref");
    await vi.advanceTimersByTimeAsync(249);
    expect(previews()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(previews()).toHaveLength(1);
    // Without a label chosen the first stands in for the counts; the name is never sent.
    expect(previews()[0].body).toEqual({ name: null, label: "billing", kind: "keywords", terms: ["ref"], match: "any", caseSensitive: false });
    expect(previews()[0].query.get("ruleId")).toBeNull();
    await vi.waitFor(() => expect(byTestId(app, "rule-preview-count")!.textContent).toBe("4"));
    expect(byTestId(app, "rule-preview-accuracy")!.textContent).toBe("Choose the label it votes for to see how often it would be right.");
    expect(all(app, "rule-hit")).toHaveLength(4);
    expect(byTestId(all(app, "rule-hit")[0], "rule-hit-link")!.getAttribute("target")).toBe("_blank");
    expect(app.querySelector("#app img, #app b")).toBeNull();

    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    expect(all(app, "rule-term").map((t) => t.firstChild!.textContent)).toEqual(["ref"]);
    expect(input.value).toBe("");
    // The same draft as before: nothing more to ask.
    await vi.advanceTimersByTimeAsync(300);
    expect(previews()).toHaveLength(1);

    const label = byTestId(app, "rule-label") as HTMLSelectElement;
    label.value = "billing";
    label.dispatchEvent(new Event("change"));
    await vi.advanceTimersByTimeAsync(250);
    expect(previews()).toHaveLength(2);
    await vi.waitFor(() => expect(byTestId(app, "rule-preview-accuracy")!.textContent).toBe("100% right on 1 answered document (21–100%)"));
  });

  it("aborts a preview in flight when a newer one starts, and shows only the newest", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let release: (() => void) | undefined;
    const slow = new Promise<void>((resolve) => { release = resolve; });
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      const parsed = new URL(url, "http://localhost");
      const call: Call = { method: init?.method ?? "GET", path: parsed.pathname, query: parsed.searchParams, body: init?.body ? JSON.parse(String(init.body)) : undefined, signal: init?.signal };
      calls.push(call);
      if (call.path.endsWith("/preview")) {
        const terms = (call.body as { terms: string[] }).terms;
        if (terms[0] === "ref") await slow; // the older request answers late, ignoring the abort
        return json(200, previewOf(terms[0] === "ref" ? 9 : 2));
      }
      const answer = defaults(call);
      return answer ? json(answer.status, answer.body) : json(404, { status: 404 });
    }));
    const app = await open("new");
    const input = byTestId(app, "rule-term-input") as HTMLInputElement;
    type(input, "ref");
    await vi.advanceTimersByTimeAsync(250);
    type(input, "refund");
    await vi.advanceTimersByTimeAsync(250);
    expect(previews()).toHaveLength(2);
    expect(previews()[0].signal!.aborted).toBe(true);
    await vi.waitFor(() => expect(byTestId(app, "rule-preview-count")!.textContent).toBe("2"));
    release!();
    await vi.advanceTimersByTimeAsync(10);
    expect(byTestId(app, "rule-preview-count")!.textContent).toBe("2");
  });

  it("shows a pattern's error from the preview beside the pattern and in the preview", async () => {
    handler = (c) => (c.path.endsWith("/preview")
      ? { status: 400, body: { status: 400, title: "One or more validation errors occurred.", errors: { pattern: ["The pattern '[0-9' is not a valid .NET regular expression: Unterminated [] set."] } } }
      : undefined);
    const app = await open("new");
    (byTestId(app, "rule-kind-regex") as HTMLInputElement).click();
    type(byTestId(app, "rule-pattern") as HTMLInputElement, "[0-9");
    await vi.waitFor(() => expect(byTestId(app, "rule-pattern-error")!.hidden).toBe(false), { timeout: 2000 });
    expect(byTestId(app, "rule-pattern-error")!.textContent).toContain("is not a valid .NET regular expression");
    expect(byTestId(app, "rule-pattern")!.getAttribute("aria-invalid")).toBe("true");
    expect(byTestId(app, "rule-preview-error")!.textContent).toContain("The rule cannot run as it is: The pattern '[0-9'");
  });

  it("names the field to fix before sending, and shows the server's errors beside their fields", async () => {
    const app = await open("new");
    const form = byTestId(app, "rule-form") as HTMLFormElement;
    form.requestSubmit();
    expect(byTestId(app, "rule-name-error")!.textContent).toBe("Give the rule a name, such as “refund words”.");
    expect(document.activeElement).toBe(byTestId(app, "rule-name"));
    type(byTestId(app, "rule-name") as HTMLInputElement, "refunds");
    const label = byTestId(app, "rule-label") as HTMLSelectElement;
    label.value = "billing";
    label.dispatchEvent(new Event("change"));
    form.requestSubmit();
    expect(byTestId(app, "rule-terms-error")!.textContent).toBe("Add at least one word or phrase.");
    // A term still in the box is added when saving.
    type(byTestId(app, "rule-term-input") as HTMLInputElement, "refund*, money back");
    handler = (c) => (c.method === "POST" && c.path.endsWith("/rules")
      ? { status: 400, body: { status: 400, errors: { name: ["The project already has a rule named 'refunds'; choose another name."], "terms[1]": ["Term 2 is odd."] } } }
      : undefined);
    form.requestSubmit();
    await vi.waitFor(() => expect(byTestId(app, "rule-name-error")!.textContent).toBe("The project already has a rule named 'refunds'; choose another name."));
    expect(byTestId(app, "rule-terms-error")!.textContent).toBe("Term 2 is odd.");
    expect(byTestId(app, "rule-status")!.textContent).toBe("Not saved: see the message beside the field.");
    expect(all(app, "rule-term").map((t) => t.firstChild!.textContent)).toEqual(["refund*", "money back"]);
    expect(calls.find((c) => c.method === "POST" && c.path.endsWith("/rules"))!.body)
      .toEqual({ name: "refunds", label: "billing", kind: "keywords", terms: ["refund*", "money back"], match: "any", caseSensitive: false, enabled: true });

    handler = (c) => (c.method === "POST" && c.path.endsWith("/rules") ? { status: 201, body: { ...refunds, id: 9, version: 1 } } : undefined);
    form.requestSubmit();
    await vi.waitFor(() => expect(byTestId(app, "rule-status")!.textContent).toBe("Saved “refunds”: it votes from now on."));
    expect(byTestId(app, "rule-title")!.textContent).toBe("Rule “refunds”");
    expect(byTestId(app, "rule-toggle")!.hidden).toBe(false);
    expect(location.hash).toBe("#/projects/1/rules/9");
  });

  it("saves an edit with the version it read, and on 409 says so and offers the latest version", async () => {
    const app = await open("3");
    await vi.waitFor(() => expect(byTestId(app, "rule-versions")).not.toBeNull());
    expect(all(app, "rule-term").map((t) => t.firstChild!.textContent)).toEqual(["refund*", "money back"]);
    // The preview of a saved rule names it, so that its own votes are no overlap.
    await vi.waitFor(() => expect(previews()).toHaveLength(1));
    expect(previews()[0].query.get("ruleId")).toBe("3");
    (all(app, "rule-term-remove")[1]).click();
    expect(document.activeElement).toBe(all(app, "rule-term-remove")[0]);
    handler = (c) => (c.method === "PATCH" ? { status: 409, body: { status: 409, detail: "The rule is at version 3, changed by rita." } } : undefined);
    (byTestId(app, "rule-form") as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(byTestId(app, "rule-conflict")!.hidden).toBe(false));
    expect(calls.find((c) => c.method === "PATCH")!.body).toMatchObject({ terms: ["refund*"], version: 2 });
    expect(byTestId(app, "rule-conflict")!.textContent).toContain("Not saved: someone else changed this rule after you opened it. The rule is at version 3, changed by rita.");
    expect(document.activeElement).toBe(byTestId(app, "rule-reload"));
    expect(all(app, "rule-term").map((t) => t.firstChild!.textContent)).toEqual(["refund*"]);
  });

  it("switches a saved rule off and on, and deletes it after asking", async () => {
    const app = await open("3");
    await vi.waitFor(() => expect(byTestId(app, "rule-versions")).not.toBeNull());
    expect(byTestId(app, "rule-toggle")!.textContent).toBe("Switch off");
    handler = (c) => (c.method === "PATCH" ? { status: 200, body: { ...refunds, enabled: (c.body as { enabled: boolean }).enabled, version: 3 } } : undefined);
    byTestId(app, "rule-toggle")!.click();
    await vi.waitFor(() => expect(byTestId(app, "rule-toggle")!.textContent).toBe("Switch on"));
    expect(calls.filter((c) => c.method === "PATCH")[0].body).toEqual({ enabled: false, version: 2 });
    expect(byTestId(app, "rule-meta")!.textContent).toContain("Switched off · version 3");

    handler = (c) => (c.method === "DELETE" ? { status: 204 } : undefined);
    byTestId(app, "rule-delete")!.click();
    expect(byTestId(app, "rule-delete-confirm-sentence")!.textContent).toContain("Delete the rule “refunds” and its 3 versions?");
    (byTestId(app, "rule-delete-confirm") as HTMLFormElement).requestSubmit();
    await vi.waitFor(() => expect(location.hash).toBe("#/projects/1/rules?deleted=refunds"));
  });
});

describe("suggested rules", () => {
  it("lists each suggestion as text and adds the focused one with one key, then lists the rules and suggestions again", async () => {
    const app = await open();
    await vi.waitFor(() => expect(all(app, "suggestion")).toHaveLength(2));
    const [first, second] = all(app, "suggestion");
    expect(byTestId(app, "rule-suggestions")!.textContent).toContain("A suggested rule is a word that");
    expect(byTestId(first, "suggestion-precision")!.textContent).toBe("100% right on 4 labelled documents (51–100%)");
    expect(byTestId(first, "suggestion-coverage")!.textContent).toBe("Finds 5 documents");
    expect(byTestId(second, "suggestion-terms")!.textContent).toBe(hostile);
    expect(second.querySelector("img, b")).toBeNull();
    expect(first.getAttribute("tabindex")).toBe("0");

    let added: unknown;
    handler = (call) => {
      if (call.method === "POST" && call.path === "/api/v1/projects/1/rules") {
        added = call.body;
        return { status: 201, body: { ...refunds, id: 9, name: (call.body as { name: string }).name, label: "other", terms: [hostile] } };
      }
      if (added && call.path === "/api/v1/projects/1/rules/suggestions") return { status: 200, body: { documents: 20, labelled: 4, reason: null, suggestions: [suggestions[0]] } };
      return undefined;
    };
    first.focus();
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "j", bubbles: true }));
    expect(document.activeElement).toBe(second);
    second.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    await vi.waitFor(() => expect(byTestId(app, "suggestions-status")!.textContent).toContain("Added the rule"));
    expect(added).toEqual({ name: `suggested: ${hostile}`, label: "other", kind: "keywords", terms: [hostile] });
    await vi.waitFor(() => expect(all(app, "suggestion")).toHaveLength(1));
    expect(calls.filter((c) => c.path === "/api/v1/projects/1/rules" && c.method === "GET").length).toBeGreaterThanOrEqual(3);
  });

  it("says why there are none; viewers see neither suggestions nor export, reviewers both but no import", async () => {
    handler = (call) => call.path.endsWith("/suggestions") ? { status: 200, body: { documents: 20, labelled: 1, reason: "Suggestions need at least 3 documents with a final label; there are 1.", suggestions: [] } } : undefined;
    let app = await open();
    await vi.waitFor(() => expect(byTestId(app, "suggestions-note")!.textContent).toBe("Suggestions need at least 3 documents with a final label; there are 1."));
    expect(byTestId(app, "rules-export")!.getAttribute("href")).toBe("/api/v1/projects/1/rules/export");
    expect(byTestId(app, "rules-import")).not.toBeNull();

    for (const [role, suggests, imports] of [["viewer", false, false], ["reviewer", true, false]] as const) {
      teardown?.();
      setAuthState({ kind: "signed-in", user: { name: "vera", admin: false, mustChangePassword: false } as never });
      handler = (c) => (c.path === "/api/v1/projects/1/members" ? { status: 200, body: { members: [{ user: "vera", role, disabled: false }] } } : undefined);
      app = await open();
      await vi.waitFor(() => expect(all(app, "rule-row")).toHaveLength(2));
      expect([byTestId(app, "rule-suggestions") !== null, byTestId(app, "rules-export") !== null, byTestId(app, "rules-import") !== null]).toEqual([suggests, suggests, imports]);
    }
  });
});

describe("moving rules", () => {
  it("imports a file and shows the result, or names each refused rule and its field", async () => {
    const app = await open();
    await vi.waitFor(() => expect(byTestId(app, "rules-import-file")).not.toBeNull());
    const input = byTestId(app, "rules-import-file") as HTMLInputElement;
    const pick = (text: string) => {
      Object.defineProperty(input, "files", { configurable: true, value: [new File([text], "rules.json", { type: "application/json" })] });
      input.dispatchEvent(new Event("change"));
    };
    handler = (call) => call.path.endsWith("/rules/import")
      ? { status: 201, body: { added: 2, switchedOff: [{ name: hostile, label: "phishing", reason: "The label 'phishing' is not among this project's labels." }] } }
      : undefined;
    pick(JSON.stringify({ format: 1, rules: [{ name: "a", label: "billing", kind: "keywords", terms: ["x"] }] }));
    await vi.waitFor(() => expect(byTestId(app, "rules-import-result")!.textContent).toContain("Added 2 rules."));
    expect(byTestId(app, "rules-import-result")!.querySelectorAll("li")[1].textContent).toBe(`“${hostile}” came in switched off: The label 'phishing' is not among this project's labels.`);
    expect(byTestId(app, "rules-import-result")!.querySelector("img, b")).toBeNull();

    handler = (call) => call.path.endsWith("/rules/import")
      ? { status: 400, body: { status: 400, title: "Bad", errors: { "rules[0].kind": ["'grammar' is not a kind of rule."] } } }
      : undefined;
    pick(JSON.stringify({ format: 1, rules: [{ name: "odd", label: "billing", kind: "grammar" }] }));
    await vi.waitFor(() => expect(byTestId(app, "rules-import-result")!.textContent).toContain("Nothing was imported:"));
    expect([...byTestId(app, "rules-import-result")!.querySelectorAll("li")].map((l) => l.textContent)).toEqual(["Nothing was imported:", "Rule 1 “odd”, kind: 'grammar' is not a kind of rule."]);

    pick("not json");
    await vi.waitFor(() => expect(byTestId(app, "rules-import-result")!.textContent).toContain("it is not JSON"));
  });
});
