import "./style.css";
import { annotator, annotatorProblem, api, setAnnotator, whenUnauthorized, type Session } from "./api/client";
import { authState, nextAuth, setAuthState, userOf, type AuthEvent, type AuthState } from "./auth";
import { h, replace } from "./dom";
import { parseRoute } from "./route";
import { projectsView } from "./views/projects";
import { newProjectView } from "./views/newProject";
import { projectView } from "./views/project";
import { accountView } from "./views/account";
import { auditView } from "./views/audit";
import { mustChangeView, signInView } from "./views/signIn";
import { usersView } from "./views/users";

const app = document.getElementById("app")!;
let teardown: (() => void) | undefined;
let routing = 0;

const nameInput = document.getElementById("annotator-name") as HTMLInputElement;
const nameError = document.getElementById("annotator-error")!;
nameInput.value = annotator();

const checkName = () => {
  const problem = annotatorProblem(nameInput.value);
  nameInput.setAttribute("aria-invalid", problem ? "true" : "false");
  replace(nameError, problem ?? "");
  nameError.hidden = !problem;
  return !problem;
};
nameInput.addEventListener("input", checkName);
nameInput.addEventListener("change", () => {
  if (!checkName()) return;
  const before = annotator();
  setAnnotator(nameInput.value);
  nameInput.value = annotator();
  // The queue hands out documents per annotator: a new name starts a new annotation session.
  const { path } = parseRoute(location.hash);
  if (annotator() !== before && path[0] === "projects" && (path[2] ?? "annotate") === "annotate") void route();
});
nameInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter" || e.key === "Escape") {
    if (e.key === "Escape" || !checkName()) nameInput.value = annotator();
    checkName();
    nameInput.blur();
  }
});

const who = document.getElementById("who")!;
const account = document.getElementById("account")!;

/** The header for the state: the annotator's name box without accounts, the user's name and links with them. */
function showHeader(state: AuthState): void {
  who.hidden = state.kind !== "single";
  const user = userOf(state);
  account.hidden = !user;
  if (!user) {
    replace(account);
    return;
  }
  const signOut = h("button", { type: "button", class: "link", testid: "sign-out", onclick: () => void signOutNow() }, "Sign out");
  const full = state.kind === "signed-in";
  replace(account,
    h("span", { class: "account-who" }, "Signed in as ", h("strong", { class: "account-name", testid: "account-name", title: user.admin ? "Administrator" : undefined }, user.name)),
    full ? h("a", { href: "#/account", testid: "account-link" }, "Account") : null,
    full && user.admin ? h("a", { href: "#/users", testid: "users-link" }, "Users") : null,
    full && user.admin ? h("a", { href: "#/audit", testid: "audit-link" }, "Activity log") : null,
    signOut);
}

/** Moves the page to a new state and shows what it allows; a state of the same kind changes nothing. */
function apply(event: AuthEvent): void {
  const before = authState();
  const after = nextAuth(before, event);
  setAuthState(after);
  if (after === before) return;
  showHeader(after);
  void route();
}

async function signOutNow(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // Signed out or not, the page forgets the user; a stale cookie only shows the sign-in form again.
  }
  location.hash = "#/";
  apply({ type: "signed-out" });
}

const signedIn = (session: Session) => apply({ type: "session", session });

async function route(): Promise<void> {
  teardown?.();
  teardown = undefined;
  const ticket = ++routing;
  const state = authState();
  document.body.classList.remove("fill");
  if (state.kind === "starting") return;
  if (state.kind === "signed-out") {
    signInView(app, signedIn, state.notice);
    return;
  }
  if (state.kind === "must-change") {
    mustChangeView(app, state.user, () => apply({ type: "password-changed" }));
    return;
  }
  const { path, query } = parseRoute(location.hash);
  const user = userOf(state);
  // A view that loads slowly must not draw over the page of a newer navigation.
  const current = () => ticket === routing;
  try {
    let next: (() => void) | undefined;
    if (path.length === 0) {
      document.title = "Projects · Tagloop";
      await projectsView(app, current);
    } else if (path[0] === "new" && path.length === 1) {
      document.title = "New project · Tagloop";
      newProjectView(app);
    } else if (path[0] === "account" && path.length === 1 && user) {
      await accountView(app, user);
    } else if (path[0] === "users" && path.length === 1 && user?.admin) {
      await usersView(app, user);
    } else if (path[0] === "audit" && path.length === 1 && user?.admin) {
      await auditView(app, query);
    } else if (path[0] === "projects" && /^\d+$/.test(path[1] ?? "")) {
      next = await projectView(app, Number(path[1]), path[2] ?? "annotate", path[3], query, current);
    } else {
      document.title = "Not found · Tagloop";
      replace(app, h("p", {}, "There is nothing at this address. "), h("a", { href: "#/" }, "Back to the projects"));
    }
    // A newer navigation may have started while this view was loading: keep only the newest.
    if (ticket === routing) teardown = next;
    else next?.();
  } catch (error) {
    if (ticket !== routing || authState() !== state) return;
    replace(app,
      h("div", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error)),
      h("p", {}, h("a", { href: "#/" }, "Back to the projects")));
  }
}

window.addEventListener("hashchange", () => void route());
whenUnauthorized(() => apply({ type: "unauthorized" }));

async function start(): Promise<void> {
  try {
    apply({ type: "session", session: await api.session() });
  } catch (error) {
    replace(app, h("div", { class: "error", role: "alert" }, error instanceof Error ? error.message : String(error)),
      h("p", {}, h("button", { type: "button", class: "button", onclick: () => void start() }, "Try again")));
  }
}
void start();
