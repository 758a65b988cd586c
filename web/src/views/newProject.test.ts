import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { newProjectView } from "./newProject";

let posted: Record<string, unknown> | null;

beforeEach(() => {
  posted = null;
  vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
    const path = new URL(url, "http://localhost").pathname;
    if (path === "/api/v1/projects" && init?.method === "POST") {
      posted = JSON.parse(String(init.body)) as Record<string, unknown>;
      return new Response(JSON.stringify({ id: 7, ...posted }), { status: 201, headers: { "Content-Type": "application/json" } });
    }
    const body = path === "/api/v1/encoders" ? [{ name: "tfidf", title: "Words", description: "" }] : [];
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  document.body.innerHTML = '<main id="app"></main>';
});

afterEach(() => vi.unstubAllGlobals());

describe("the new project form", () => {
  it("creates a span-tagging project whose labels are called entity types", async () => {
    const app = document.getElementById("app")!;
    newProjectView(app);
    const spans = app.querySelector<HTMLInputElement>("[data-testid=project-span-tagging]")!;
    spans.checked = true;
    spans.dispatchEvent(new Event("change"));
    expect([...app.querySelectorAll("legend")].map((l) => l.textContent)).toContain("Entity types");
    (app.querySelector<HTMLInputElement>("#project-name")!).value = "Contracts";
    const firstLabel = app.querySelector<HTMLInputElement>(".label-rows input")!;
    firstLabel.value = "PARTY";
    app.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(posted).not.toBeNull());
    expect(posted!.task).toBe("span-tagging");
    expect(posted!.multiLabel).toBe(false);
  });
});
