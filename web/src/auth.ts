// Who is using the page: the single local user (no accounts), nobody yet, or a signed-in user. Pure: no fetch, no DOM.
import type { components } from "./api/schema";

export type SessionInfo = components["schemas"]["SessionDto"];
export type User = components["schemas"]["UserDto"];

export type AuthState =
  /** Before the server has said whether it has accounts. */
  | { kind: "starting" }
  /** No accounts: this machine's single user, who types their name in the header. */
  | { kind: "single" }
  /** Accounts are on and nobody is signed in; `notice` says why when a session just ended. */
  | { kind: "signed-out"; notice?: string }
  /** Signed in with a generated password: only the change-password form until it is changed. */
  | { kind: "must-change"; user: User }
  | { kind: "signed-in"; user: User };

export type AuthEvent =
  /** The answer of GET /auth/session (at start, or after signing in). */
  | { type: "session"; session: SessionInfo }
  /** The user changed their own password. */
  | { type: "password-changed" }
  /** The user signed out. */
  | { type: "signed-out" }
  /** An API call answered 401: the session ended (expired, the password was reset, the user disabled). */
  | { type: "unauthorized" };

export const SESSION_ENDED = "You have been signed out. Sign in again to go on.";

export function nextAuth(state: AuthState, event: AuthEvent): AuthState {
  switch (event.type) {
    case "session": {
      const { accounts, user } = event.session;
      if (!accounts) return { kind: "single" };
      if (!user) return state.kind === "signed-out" ? state : { kind: "signed-out" };
      return user.mustChangePassword ? { kind: "must-change", user } : { kind: "signed-in", user };
    }
    case "password-changed":
      return state.kind === "must-change" ? { kind: "signed-in", user: { ...state.user, mustChangePassword: false } } : state;
    case "signed-out":
      return state.kind === "single" ? state : { kind: "signed-out" };
    case "unauthorized":
      // A 401 with nobody signed in in means accounts were turned on under the page (tagloop users add): sign in.
      if (state.kind === "signed-out") return state;
      return { kind: "signed-out", notice: state.kind === "signed-in" || state.kind === "must-change" ? SESSION_ENDED : undefined };
  }
}

/** The signed-in user, if any. */
export function userOf(state: AuthState): User | null {
  return state.kind === "signed-in" || state.kind === "must-change" ? state.user : null;
}

export const ROLES = ["viewer", "annotator", "reviewer", "owner"] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, in plain words, for the role pickers. */
export const ROLE_WORDS: Record<Role, string> = {
  viewer: "Viewer: can look at the documents, labels and model",
  annotator: "Annotator: can also label documents",
  reviewer: "Reviewer: can also see how far the team agrees, and export",
  owner: "Owner: can also change settings, labels, documents and members",
};

export function isRole(value: string | null | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? "");
}

/** Whether `role` is at least `needed`. */
export function allows(role: Role | null, needed: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * The signed-in user's role in a project, from its members list: administrators act as owners everywhere, and without
 * accounts the single local user may do everything. Null when the user is not a member.
 */
export function roleIn(state: AuthState, members: readonly { user: string; role: string }[]): Role | null {
  const user = userOf(state);
  if (!user) return state.kind === "single" ? "owner" : null;
  if (user.admin) return "owner";
  const me = members.find((m) => m.user.toLocaleLowerCase() === user.name.toLocaleLowerCase());
  return me && isRole(me.role) ? me.role : null;
}

/** "an annotator", "a viewer". */
export function withArticle(role: Role): string {
  return `${role === "annotator" || role === "owner" ? "an" : "a"} ${role}`;
}

/** A sentence for a part of a project the user's role does not reach. */
export function roleNeeded(role: Role | null, needed: Role, what: string): string {
  const you = role ? `You are ${withArticle(role)} in this project.` : "You are not a member of this project.";
  const above = ROLES.slice(ROLES.indexOf(needed)).map((r) => `${r}s`);
  const who = above.length === 1 ? "its owners" : `${above.slice(0, -1).join(", ")} and ${above[above.length - 1]}`;
  return `Only ${who} can ${what}. ${you} A project owner can give you another role under Team.`;
}

/** The sign-in form's message for a refused sign-in. */
export function signInProblem(status: number): string {
  if (status === 401) return "That name and password do not match. Check both and try again. (A disabled account cannot sign in either.)";
  if (status === 429) return "Too many attempts to sign in from this computer. Wait a minute, then try again.";
  if (status === 0) return "The Tagloop server could not be reached. Is it still running?";
  return `Signing in did not work (the server answered ${status}). Try again in a moment.`;
}

/**
 * The expiry for a new token from a date input's value ("2026-12-31"): the end of that day, local time, as an ISO
 * instant; null for no expiry; a problem when the date is not in the future.
 */
export function expiryFromDate(value: string, now: Date): { ok: true; value: string | null } | { ok: false; problem: string } {
  if (!value) return { ok: true, value: null };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { ok: false, problem: "Pick a date for the token to stop working, or leave it empty." };
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (Number.isNaN(end.getTime()) || end.getTime() <= now.getTime()) return { ok: false, problem: "The date has passed: pick a day after today." };
  return { ok: true, value: end.toISOString() };
}

/** Audit trail actions in plain words. */
const ACTIONS: Record<string, string> = {
  "sign-in": "Signed in",
  "sign-in-failed": "Failed to sign in",
  "user-added": "Added a user",
  "user-disabled": "Disabled a user",
  "user-enabled": "Enabled a user",
  "admin-granted": "Made a user an administrator",
  "admin-revoked": "Removed a user's administrator rights",
  "password-set": "Reset a password",
  "password-changed": "Changed their password",
  "token-created": "Made an API token",
  "token-revoked": "Revoked an API token",
  "token-used": "Used an API token",
  "role-set": "Gave a member a role",
  "member-removed": "Removed a member",
};

export function actionWords(action: string): string {
  return ACTIONS[action] ?? action.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** A date and time as people read it, or `none` when there is none. */
export function when(iso: string | null | undefined, none = "never"): string {
  if (!iso) return none;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? none : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

let current: AuthState = { kind: "starting" };

/** The page's state now (main.ts keeps it); views read it to know who is signed in. */
export function authState(): AuthState {
  return current;
}

export function setAuthState(state: AuthState): void {
  current = state;
}
