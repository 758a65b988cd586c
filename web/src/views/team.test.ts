import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuthState } from "../auth";
import { projectView } from "./project";

// Names are checked by the server (letters, digits, spaces, . - _ @), but the page must never read them as HTML anyway.
const hostile = "<img src=x onerror=alert(1)><b>bold</b>";
const project = {
  id: 1, name: "Mail", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 20, guidelines: "",
  labels: [{ id: 1, name: "spam", key: "s", description: "", color: "#d62728" }, { id: 2, name: hostile, key: "h", description: "", color: "#2ca02c" }],
};
const stats = { total: 20, labelled: 4, skipped: 0, flagged: 0, annotations: 8, labels: [], annotators: [] };
const empty = { documents: 0, annotators: 0, alpha: { value: null, low: null, high: null }, fleissKappa: { value: null, low: null, high: null },
  perLabel: [{ label: "spam", alpha: { value: null, low: null, high: null } }], pairs: [], perAnnotator: [] };
const report = {
  documents: 4, annotators: 2,
  alpha: { value: 0.5333, low: -0.2, high: 1 }, fleissKappa: { value: 0.4667, low: null, high: null },
  perLabel: [{ label: "spam", alpha: { value: 0.5333, low: -0.2, high: 1 } }, { label: hostile, alpha: { value: null, low: null, high: null } }],
  pairs: [{ first: "ana", second: hostile, documents: 4, percentAgreement: 0.75, cohensKappa: { value: 0.5, low: 0, high: 1 } }],
  perAnnotator: [{ annotator: "ana", documents: 4, percentAgreement: 0.75, meanKappa: 0.5 }, { annotator: hostile, documents: 4, percentAgreement: 0.75, meanKappa: null }],
};

const figures = [
  { annotator: "ana", answers: 40, skips: 4, flags: 1, skipRate: 0.1, flagRate: 0.025, medianSeconds: 7.25, modelCompared: 36, modelAgreement: 0.8333, lastActive: "2026-11-30T09:15:00Z", finalCompared: 5, finalAgreement: 0.6 },
  { annotator: hostile, answers: 0, skips: 0, flags: 0, skipRate: null, flagRate: null, medianSeconds: null, modelCompared: 0, modelAgreement: null, lastActive: null, finalCompared: 0, finalAgreement: null },
];

const assignments = { assignments: [
  { id: 3, user: hostile, documentIds: [], search: "appeal", metaField: "court", metaValue: "appeals", note: "<i>urgent</i>",
    createdBy: "olivia", createdAt: "2026-11-30T09:15:00Z", documents: 12, open: 5 },
] };

let answers: Record<string, unknown>;

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

async function showTeamTab(agreement: unknown, p: unknown = project): Promise<HTMLElement> {
  answers = { "/api/v1/projects/1": p, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/agreement": agreement, "/api/v1/projects/1/annotators": figures };
  const app = document.getElementById("app")!;
  const teardown = await projectView(app, 1, "team", undefined, new URLSearchParams());
  teardown?.();
  return app;
}

const rows = (app: HTMLElement, testid: string) =>
  [...app.querySelectorAll(`[data-testid=${testid}] tbody tr`)].map((r) => [...r.children].map((c) => c.textContent));

describe("the team tab", () => {
  it("says what to do while nobody has labelled the same documents", async () => {
    const app = await showTeamTab(empty);
    expect(app.querySelector("[data-testid=tab-team]")!.classList.contains("active")).toBe(true);
    expect(app.querySelector("[data-testid=team-headline]")!.textContent).toBe("No document has been labelled by two or more people yet.");
    expect(app.querySelector("[data-testid=team-empty]")!.textContent).toContain("its queue gives each document to one person only");
    expect(app.querySelector("[data-testid=team-alpha]")).toBeNull();
  });

  it("shows α with its range and reading, Fleiss' κ, and the three tables, with names as text", async () => {
    const app = await showTeamTab(report);
    expect(app.querySelector("[data-testid=team-headline]")!.textContent).toBe("4 documents were labelled by two or more people, 2 people in all.");
    expect(app.querySelector("[data-testid=team-alpha]")!.textContent).toBe("0.53");
    expect(app.querySelector("[data-testid=team-reading]")!.textContent).toBe("weak");
    expect(app.querySelector("[data-testid=team-fleiss]")!.textContent).toBe("0.47");
    expect(app.textContent).toContain("likely between −0.20 and 1.00");
    expect(app.textContent).toContain("range unknown");

    expect(rows(app, "team-per-label")).toEqual([["spam", "0.53", "−0.20 to 1.00", "weak"], [hostile, "—", "—", "nothing to measure"]]);
    expect(rows(app, "team-pairs")).toEqual([["ana", hostile, "4", "75%", "0.50", "0.00 to 1.00"]]);
    expect(rows(app, "team-annotators")).toEqual([["ana", "4", "75%", "0.50"], [hostile, "4", "75%", "—"]]);

    const missing = app.querySelector("[data-testid=team-annotators] td.missing") as HTMLElement;
    expect(missing.title).toContain("nothing to measure");
    expect(app.querySelector("[data-testid=team-per-label] td.missing")!.getAttribute("title")).toContain("for this label");
    expect(app.querySelector("[data-testid=team-per-label]")!.parentElement!.textContent).toContain("— On every shared document everybody answered the same way");
    expect(app.querySelector("img, b, [onerror]")).toBeNull();
  });

  it("explains that a multi-label project's agreement is per label", async () => {
    const app = await showTeamTab({ ...report, alpha: null, fleissKappa: null }, { ...project, multiLabel: true });
    expect(app.querySelector("[data-testid=team-multilabel]")!.textContent).toContain("agreement is measured label by label");
    expect(app.querySelector("[data-testid=team-alpha]")).toBeNull();
    expect(rows(app, "team-per-label")).toHaveLength(2);
  });

  it("shows a missing overall figure as a dash with the reason", async () => {
    const app = await showTeamTab({ ...report, alpha: { value: null, low: null, high: null }, fleissKappa: { value: null, low: null, high: null } });
    const alpha = app.querySelector("[data-testid=team-alpha]") as HTMLElement;
    expect(alpha.textContent).toBe("—");
    expect(alpha.title).toContain("Everybody gave the same answer");
    expect(app.querySelector("[data-testid=team-reading]")).toBeNull();
    expect(app.querySelector("[data-testid=team-reading-sentence]")!.textContent).toContain("Everybody gave the same answer");
  });
});

describe("the team tab with accounts", () => {
  const members = { members: [
    { user: "olivia", role: "owner", addedAt: "2026-11-01T10:00:00Z", disabled: false },
    { user: "anna", role: "annotator", addedAt: "2026-11-01T10:00:00Z", disabled: false },
    { user: hostile, role: "viewer", addedAt: "2026-11-01T10:00:00Z", disabled: true },
  ] };
  const signIn = (name: string, admin = false) =>
    setAuthState({ kind: "signed-in", user: { name, admin, disabled: false, mustChangePassword: false, createdAt: "2026-11-01T10:00:00Z" } });

  async function show(agreement: unknown): Promise<HTMLElement> {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/agreement": agreement, "/api/v1/projects/1/members": members };
    const app = document.getElementById("app")!;
    (await projectView(app, 1, "team", undefined, new URLSearchParams()))?.();
    return app;
  }

  it("shows an annotator the members read-only and, instead of agreement, who may see it", async () => {
    signIn("anna");
    const app = await show(report);
    expect(rows(app, "members-table")).toEqual([["olivia", "Owner"], ["anna (you)", "Annotator"], [`${hostile} · account disabled`, "Viewer"]]);
    expect(app.querySelector("[data-testid=member-form]")).toBeNull();
    expect(app.querySelector("select, [data-testid^=member-remove]")).toBeNull();
    expect(app.querySelector("[data-testid=team-refused]")!.textContent).toBe(
      "Only reviewers and owners can see how far the team agrees. You are an annotator in this project. A project owner can give you another role under Team.");
    expect(app.querySelector("[data-testid=team-headline]")).toBeNull();
    expect(app.querySelector("img, b")).toBeNull();
  });

  it("lets an owner change roles, remove and add members, and shows the agreement", async () => {
    signIn("olivia");
    const app = await show(report);
    expect((app.querySelector("[data-testid=member-role-anna]") as HTMLSelectElement).value).toBe("annotator");
    expect(app.querySelectorAll("[data-testid^=member-remove-]")).toHaveLength(3);
    expect(app.querySelector("[data-testid=member-form]")).not.toBeNull();
    expect(app.querySelector("[data-testid=team-headline]")).not.toBeNull();
  });

  it("tells people with accounts to sign in as themselves, not to change a name at the top", async () => {
    signIn("olivia");
    const app = await show(empty);
    expect(app.querySelector("[data-testid=team-empty]")!.textContent).toContain("They sign in with their own account");
    expect(app.textContent).not.toContain("Annotating as");
  });

  it("lets an administrator act as an owner without being a member", async () => {
    signIn("root", true);
    const app = await show(report);
    expect(app.querySelector("[data-testid=member-form]")).not.toBeNull();
    expect(app.querySelector("[data-testid=team-headline]")).not.toBeNull();
  });

  it("turns a refusal of the agreement into a sentence", async () => {
    signIn("olivia");
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      const path = new URL(url, "http://localhost").pathname;
      if (path.endsWith("/agreement")) {
        return new Response(JSON.stringify({ status: 403, title: "Not allowed.", detail: "This needs the reviewer role in project 1; you are annotator." }),
          { status: 403, headers: { "Content-Type": "application/problem+json" } });
      }
      const body = answers[path];
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    }));
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/members": members };
    const app = document.getElementById("app")!;
    (await projectView(app, 1, "team", undefined, new URLSearchParams()))?.();
    expect(app.querySelector("[data-testid=team-refused]")!.textContent).toBe(
      "You cannot see how far the team agrees. This needs the reviewer role in project 1; you are annotator.");
    expect(app.querySelector(".error:not([hidden])")).toBeNull();
  });

  it("tells a viewer that labelling needs another role and points to the documents", async () => {
    signIn("viewer-v");
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments,
      "/api/v1/projects/1/members": { members: [{ user: "viewer-v", role: "viewer", addedAt: "2026-11-01T10:00:00Z", disabled: false }] } };
    const app = document.getElementById("app")!;
    await projectView(app, 1, "annotate", undefined, new URLSearchParams());
    const sentence = app.querySelector("[data-testid=role-needed]")!;
    expect(sentence.textContent).toContain("Only annotators, reviewers and owners can label documents. You are a viewer in this project.");
    expect(sentence.querySelector("a")!.getAttribute("href")).toBe("#/projects/1/browse");
  });

  it("tells an annotator the settings are for owners", async () => {
    signIn("anna");
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/members": members };
    const app = document.getElementById("app")!;
    await projectView(app, 1, "settings", undefined, new URLSearchParams());
    expect(app.querySelector("[data-testid=role-needed]")!.textContent).toContain("Only its owners can change the project's settings");
    expect(app.querySelector("[data-testid=details-form], [data-testid=delete-form]")).toBeNull();
  });
});

describe("the owners' figures per annotator", () => {
  const members = { members: [
    { user: "olivia", role: "owner", addedAt: "2026-11-01T10:00:00Z", disabled: false },
    { user: "rita", role: "reviewer", addedAt: "2026-11-01T10:00:00Z", disabled: false },
  ] };
  const signIn = (name: string) =>
    setAuthState({ kind: "signed-in", user: { name, admin: false, disabled: false, mustChangePassword: false, createdAt: "2026-11-01T10:00:00Z" } });

  async function show(): Promise<{ app: HTMLElement; paths: string[] }> {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/agreement": report,
      "/api/v1/projects/1/members": members, "/api/v1/projects/1/annotators": figures };
    const app = document.getElementById("app")!;
    (await projectView(app, 1, "team", undefined, new URLSearchParams()))?.();
    const paths = vi.mocked(globalThis.fetch).mock.calls.map(([url]) => new URL(String(url), "http://localhost").pathname);
    return { app, paths };
  }

  it("shows an owner one row per annotator, with a dash and its reason where a figure is unknown, names as text", async () => {
    signIn("olivia");
    const { app } = await show();
    const section = app.querySelector("[data-testid=annotator-figures]")!;
    expect(section.textContent).toContain("For owners only. “Agrees with the model” compares each person's answers with what the model predicts");
    expect([...section.querySelectorAll("thead th")].map((c) => c.textContent)).toEqual([
      "Annotator", "Answers", "Skipped (%)", "Flagged (%)", "Median time per answer (s)", "Agrees with the model", "Agrees with final labels", "Last active"]);
    const table = rows(app, "annotator-figures-table");
    expect(table[0].slice(0, 7)).toEqual(["ana", "40", "4 (10%)", "1 (3%)", "7.3", "83% of 36", "60% of 5"]);
    expect(table[1]).toEqual([hostile, "0", "0", "0", "—", "—", "—", "—"]);
    expect(section.querySelector("td.missing")!.getAttribute("title")).toContain("Not measured yet");
    expect(app.querySelector("img, b")).toBeNull();
  });

  it("is shown in single-user mode, where everyone is an owner", async () => {
    const app = await showTeamTab(report);
    expect(rows(app, "annotator-figures-table")).toHaveLength(2);
  });

  it("is never asked for by a reviewer", async () => {
    signIn("rita");
    const { app, paths } = await show();
    expect(app.querySelector("[data-testid=team-headline]")).not.toBeNull();
    expect(app.querySelector("[data-testid=annotator-figures]")).toBeNull();
    expect(paths).not.toContain("/api/v1/projects/1/annotators");
  });

  it("says so when the figures cannot be loaded, and still shows the agreement", async () => {
    signIn("olivia");
    answers = {};
    const { app } = await (async () => {
      vi.stubGlobal("fetch", vi.fn(async (url: string) => {
        const path = new URL(url, "http://localhost").pathname;
        if (path.endsWith("/annotators")) {
          return new Response(JSON.stringify({ status: 403, title: "Not allowed.", detail: "This needs the owner role in project 1." }),
            { status: 403, headers: { "Content-Type": "application/problem+json" } });
        }
        return new Response(JSON.stringify(answers[path]), { status: 200, headers: { "Content-Type": "application/json" } });
      }));
      return show();
    })();
    expect(app.querySelector("[data-testid=team-headline]")).not.toBeNull();
    expect(app.querySelector("[data-testid=annotator-figures-problem]")!.textContent).toBe(
      "The figures per annotator could not be loaded: This needs the owner role in project 1.");
  });
});

describe("who labels what", () => {
  const signIn = (name: string) =>
    setAuthState({ kind: "signed-in", user: { name, admin: false, disabled: false, mustChangePassword: false, createdAt: "2026-11-01T10:00:00Z" } });

  it("shows each assignment in words, names and notes as text, and lets an owner set documents aside", async () => {
    signIn("olivia");
    const posted: unknown[] = [];
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/agreement": report,
      "/api/v1/projects/1/annotators": figures, "/api/v1/projects/1/members": { members: [{ user: "olivia", role: "owner", addedAt: "2026-01-01T00:00:00Z", disabled: false }, { user: "anna", role: "annotator", addedAt: "2026-01-01T00:00:00Z", disabled: false }] } };
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      const path = new URL(url, "http://localhost").pathname;
      if (init?.method === "POST" && path.endsWith("/assignments")) {
        posted.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ ...assignments.assignments[0], id: 4, user: "anna", documents: 2, open: 2 }), { status: 201, headers: { "Content-Type": "application/json" } });
      }
      const body = answers[path];
      return new Response(body === undefined ? "" : JSON.stringify(body), { status: body === undefined ? 404 : 200, headers: { "Content-Type": "application/json" } });
    }));
    const app = document.getElementById("app")!;
    (await projectView(app, 1, "team", undefined, new URLSearchParams()))?.();
    await vi.waitFor(() => expect(app.querySelector("[data-testid=assignments-table]")).not.toBeNull());
    expect(rows(app, "assignments-table")[0].slice(0, 4)).toEqual([hostile, "text contains “appeal” and court is “appeals”<i>urgent</i>", "5 of 12 still to do", "by olivia"]);
    expect(app.querySelector("[data-testid=assignments] img, [data-testid=assignments] i")).toBeNull();

    // Nothing said which documents: the form says so beside the field, and sends nothing.
    const form = app.querySelector("[data-testid=assignment-form]") as HTMLFormElement;
    (app.querySelector("[data-testid=assignment-user]") as HTMLInputElement).value = "anna";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(app.querySelector("#assignment-search-error")!.textContent).toContain("Say which documents");
    expect(posted).toEqual([]);

    (app.querySelector("[data-testid=assignment-search]") as HTMLInputElement).value = "appeal";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await vi.waitFor(() => expect(app.querySelector("[data-testid=assignments-status]")!.textContent).toBe("Set aside for anna: 2 of 2 still to do."));
    expect(posted).toEqual([{ user: "anna", documentIds: null, search: "appeal", metaField: null, metaValue: null, note: null }]);
  });

  it("shows a reviewer the list without the form or the buttons", async () => {
    signIn("rita");
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/assignments": assignments, "/api/v1/projects/1/agreement": report,
      "/api/v1/projects/1/members": { members: [{ user: "rita", role: "reviewer", addedAt: "2026-01-01T00:00:00Z", disabled: false }] } };
    const app = document.getElementById("app")!;
    (await projectView(app, 1, "team", undefined, new URLSearchParams()))?.();
    await vi.waitFor(() => expect(app.querySelector("[data-testid=assignments-table]")).not.toBeNull());
    expect(app.querySelector("[data-testid=assignment-form], [data-testid^=assignment-remove]")).toBeNull();
  });
});

describe("the team tab of a span-tagging project", () => {
  it("shows pairwise entity F1 per pair and per type, names as text", async () => {
    const spanProject = { ...project, task: "span-tagging", labels: [{ id: 1, name: "PER", key: "p", description: "", color: "#d62728" }] };
    const app = await showTeamTab({ ...empty, spans: {
      meanF1: 0.5,
      pairs: [{ first: "ana", second: hostile, documents: 1, matched: 1, firstSpans: 2, secondSpans: 2, f1: 0.5 }],
      perType: [{ type: "PER", matched: 1, spans: 3, f1: 0.6667 }],
    } }, spanProject);
    expect(app.querySelector("[data-testid=team-span-f1]")!.textContent).toContain("0.50");
    expect(rows(app, "team-span-pairs")).toEqual([["ana", hostile, "1", "1", "2", "2", "0.50"]]);
    expect(rows(app, "team-span-types")).toEqual([["PER", "1", "3", "0.67"]]);
    expect(app.querySelector("img")).toBeNull();
  });

  it("says what to wait for before two people share sentences", async () => {
    const spanProject = { ...project, task: "span-tagging" };
    const app = await showTeamTab({ ...empty, spans: { meanF1: null, pairs: [], perType: [] } }, spanProject);
    expect(app.querySelector("[data-testid=team-empty]")!.textContent).toContain("two people have tagged the same sentences");
  });
});
