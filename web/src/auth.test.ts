import { describe, expect, it } from "vitest";
import {
  actionWords, allows, expiryFromDate, nextAuth, roleIn, roleNeeded, SESSION_ENDED, signInProblem, userOf,
  type AuthState, type User,
} from "./auth";

const user = (over: Partial<User> = {}): User => ({ name: "Ana", admin: false, disabled: false, mustChangePassword: false, createdAt: "2026-11-01T10:00:00Z", ...over });
const starting: AuthState = { kind: "starting" };

describe("nextAuth", () => {
  it("stays in today's single-user mode when the server has no accounts", () => {
    expect(nextAuth(starting, { type: "session", session: { accounts: false, user: null } })).toEqual({ kind: "single" });
  });

  it("asks to sign in when accounts are on and nobody is signed in", () => {
    expect(nextAuth(starting, { type: "session", session: { accounts: true, user: null } })).toEqual({ kind: "signed-out" });
  });

  it("signs in, or first asks for a new password when the one used was generated", () => {
    const signedOut: AuthState = { kind: "signed-out" };
    expect(nextAuth(signedOut, { type: "session", session: { accounts: true, user: user() } })).toEqual({ kind: "signed-in", user: user() });
    const forced = nextAuth(signedOut, { type: "session", session: { accounts: true, user: user({ mustChangePassword: true }) } });
    expect(forced.kind).toBe("must-change");
    const changed = nextAuth(forced, { type: "password-changed" });
    expect(changed).toEqual({ kind: "signed-in", user: user() });
  });

  it("goes back to the sign-in form on signing out, and says why when a session ends under the page", () => {
    const signedIn: AuthState = { kind: "signed-in", user: user() };
    expect(nextAuth(signedIn, { type: "signed-out" })).toEqual({ kind: "signed-out" });
    expect(nextAuth(signedIn, { type: "unauthorized" })).toEqual({ kind: "signed-out", notice: SESSION_ENDED });
  });

  it("asks to sign in when accounts are turned on under a single-user page, without saying a session ended", () => {
    expect(nextAuth({ kind: "single" }, { type: "unauthorized" })).toEqual({ kind: "signed-out", notice: undefined });
    expect(nextAuth({ kind: "single" }, { type: "signed-out" })).toEqual({ kind: "single" });
  });

  it("returns the same state when nothing changes, so the page is not drawn again for every refused request", () => {
    const signedOut: AuthState = { kind: "signed-out", notice: SESSION_ENDED };
    expect(nextAuth(signedOut, { type: "unauthorized" })).toBe(signedOut);
    expect(nextAuth(signedOut, { type: "session", session: { accounts: true, user: null } })).toBe(signedOut);
    const signedIn: AuthState = { kind: "signed-in", user: user() };
    expect(nextAuth(signedIn, { type: "password-changed" })).toBe(signedIn);
  });

  it("knows the user in both signed-in states only", () => {
    expect(userOf({ kind: "must-change", user: user() })?.name).toBe("Ana");
    expect(userOf({ kind: "single" })).toBeNull();
    expect(userOf({ kind: "signed-out" })).toBeNull();
  });
});

describe("roles", () => {
  const members = [{ user: "ana", role: "annotator" }, { user: "Olivia", role: "owner" }];

  it("finds the signed-in user's role in the members list, whatever the case of the name", () => {
    expect(roleIn({ kind: "signed-in", user: user() }, members)).toBe("annotator");
    expect(roleIn({ kind: "signed-in", user: user({ name: "olivia" }) }, members)).toBe("owner");
    expect(roleIn({ kind: "signed-in", user: user({ name: "nora" }) }, members)).toBeNull();
  });

  it("lets administrators and the single local user act as owners", () => {
    expect(roleIn({ kind: "signed-in", user: user({ name: "root", admin: true }) }, [])).toBe("owner");
    expect(roleIn({ kind: "single" }, [])).toBe("owner");
  });

  it("orders the roles", () => {
    expect(allows("owner", "reviewer")).toBe(true);
    expect(allows("reviewer", "reviewer")).toBe(true);
    expect(allows("annotator", "reviewer")).toBe(false);
    expect(allows(null, "viewer")).toBe(false);
  });

  it("says in words who may do what and what the user is", () => {
    expect(roleNeeded("annotator", "owner", "import documents"))
      .toBe("Only its owners can import documents. You are an annotator in this project. A project owner can give you another role under Team.");
    expect(roleNeeded("viewer", "reviewer", "export the labels")).toContain("Only reviewers and owners can export the labels. You are a viewer");
    expect(roleNeeded(null, "annotator", "label documents")).toBe(
      "Only annotators, reviewers and owners can label documents. You are not a member of this project. A project owner can give you another role under Team.");
  });
});

describe("words", () => {
  it("explains a refused sign-in without technical terms", () => {
    expect(signInProblem(401)).toContain("name and password do not match");
    expect(signInProblem(429)).toContain("Wait a minute");
    expect(signInProblem(0)).toContain("could not be reached");
    expect(signInProblem(500)).toContain("500");
  });

  it("names audit actions in plain words, and unknown ones readably", () => {
    expect(actionWords("sign-in-failed")).toBe("Failed to sign in");
    expect(actionWords("token-created")).toBe("Made an API token");
    expect(actionWords("project-exported")).toBe("Project exported");
  });
});

describe("expiryFromDate", () => {
  const now = new Date(2026, 11, 1, 12, 0, 0);

  it("means no expiry when empty", () => {
    expect(expiryFromDate("", now)).toEqual({ ok: true, value: null });
  });

  it("ends at the end of the chosen day, local time", () => {
    const result = expiryFromDate("2026-12-31", now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const end = new Date(result.value!);
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2026, 11, 31, 23, 59]);
  });

  it("still allows today, and refuses a day that has passed or a value that is not a date", () => {
    expect(expiryFromDate("2026-12-01", now).ok).toBe(true);
    expect(expiryFromDate("2026-11-30", now)).toEqual({ ok: false, problem: "The date has passed: pick a day after today." });
    expect(expiryFromDate("next week", now).ok).toBe(false);
  });
});
