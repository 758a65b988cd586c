import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuthState } from "../auth";
import { projectView } from "./project";
import { projectsView } from "./projects";

const project = { id: 1, name: "Mail", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 0, guidelines: "", labels: [] };
const answers: Record<string, unknown> = {
  "/api/v1/projects": [project],
  "/api/v1/projects/1": project,
  "/api/v1/projects/1/stats": { total: 0, labelled: 0, skipped: 0, flagged: 0, annotations: 0, labels: [], annotators: [] },
};

beforeEach(() => {
  setAuthState({ kind: "single" });
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    const body = answers[new URL(url, "http://localhost").pathname];
    return new Response(body === undefined ? null : JSON.stringify(body), { status: body === undefined ? 404 : 200, headers: { "Content-Type": "application/json" } });
  }));
  document.body.innerHTML = '<main id="app"><p id="newer">the newer page</p></main>';
});

afterEach(() => vi.unstubAllGlobals());

describe("a view that loads after a newer navigation", () => {
  it("leaves the newer page alone", async () => {
    const app = document.getElementById("app")!;
    await projectsView(app, () => false);
    expect(app.textContent).toBe("the newer page");
    expect(await projectView(app, 1, "rules", undefined, new URLSearchParams(), () => false)).toBeUndefined();
    expect(app.textContent).toBe("the newer page");
    await projectsView(app);
    expect(app.textContent).toContain("Mail");
  });
});
