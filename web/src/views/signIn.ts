import { api, ApiError, type Session, type User } from "../api/client";
import { signInProblem } from "../auth";
import { h, replace } from "../dom";
import { passwordForm } from "./accountParts";

/** The sign-in form; `onSignedIn` gets the server's answer. `notice` says why the user sees it again. */
export function signInView(app: HTMLElement, onSignedIn: (session: Session) => void, notice?: string): void {
  document.title = "Sign in · Tagloop";
  const name = h("input", { id: "signin-name", testid: "signin-name", autocomplete: "username", required: true, maxlength: 100, spellcheck: "false", autocapitalize: "none" }) as HTMLInputElement;
  const password = h("input", { id: "signin-password", testid: "signin-password", type: "password", autocomplete: "current-password", required: true, maxlength: 256 }) as HTMLInputElement;
  const submit = h("button", { type: "submit", class: "button primary", testid: "signin-submit" }, "Sign in") as HTMLButtonElement;
  const error = h("div", { class: "status error", testid: "signin-error", role: "alert", hidden: true });
  const form = h("form", { class: "form signin", testid: "signin-form", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in to Tagloop"),
    notice ? h("p", { class: "status hint", testid: "signin-notice" }, notice) : null,
    h("div", { class: "field" }, h("label", { for: "signin-name" }, "Your name"), name),
    h("div", { class: "field" }, h("label", { for: "signin-password" }, "Password"), password),
    error,
    submit,
    h("p", { class: "small muted" }, "No account, or forgot your password? Ask the person who looks after Tagloop to add you or to give you a new password."));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    replace(submit, "Signing in…");
    try {
      onSignedIn(await api.login({ name: name.value.trim(), password: password.value }));
    } catch (e) {
      replace(error, signInProblem(e instanceof ApiError ? e.problem.status : 0));
      error.hidden = false;
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
      replace(submit, "Sign in");
    }
  });
  replace(app, h("div", { class: "signin-page" }, form));
  (name.value ? password : name).focus();
}

/** After signing in with a generated password: only the form to choose one's own. */
export function mustChangeView(app: HTMLElement, user: User, onChanged: () => void): void {
  document.title = "Choose a new password · Tagloop";
  replace(app, h("div", { class: "signin-page", testid: "must-change" },
    h("h1", {}, "Choose your own password"),
    h("p", {}, `Welcome, ${user.name}. The password you signed in with was made for you and works only this once. Choose your own to go on; only you will know it.`),
    passwordForm(onChanged, "Your new password", "The password you just signed in with")));
}
