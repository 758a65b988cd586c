// Pieces the sign-in, account and users pages share: a status line, the change-password form, a secret shown once.
import { api, ApiError } from "../api/client";
import { h, replace } from "../dom";

/** A status line under a form: plain text, green when done, red when refused. */
export function statusLine(testid: string): { el: HTMLElement; show: (text: string, kind?: "ok" | "error") => void } {
  const el = h("p", { class: "status", testid, role: "status", "aria-live": "polite" });
  return {
    el,
    show: (text, kind) => {
      el.className = kind ? `status ${kind}` : "status";
      el.textContent = text;
    },
  };
}

/** What to say when a request failed: the server's own sentence (a 403 says why), or that it could not be reached. */
export function failure(prefix: string, error: unknown): string {
  if (error instanceof ApiError) return error.problem.status === 403 ? `${prefix}: you are not allowed. ${error.message}` : `${prefix}: ${error.message}`;
  return `${prefix}: Tagloop could not be reached. Check that it is still running, then try again.`;
}

/** A labelled input with room for its own error under it. */
export function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): { el: HTMLElement; error: (text: string | null) => void } {
  const error = h("div", { class: "field-error", id: `${id}-error`, hidden: true });
  input.id = id;
  input.setAttribute("aria-describedby", `${id}-error${hint ? ` ${id}-hint` : ""}`);
  return {
    el: h("div", { class: "field" }, h("label", { for: id }, label), hint ? h("div", { class: "small muted", id: `${id}-hint` }, hint) : null, input, error),
    error: (text) => {
      replace(error, text ?? "");
      error.hidden = !text;
      input.setAttribute("aria-invalid", text ? "true" : "false");
    },
  };
}

export const PASSWORD_HINT = "At least 10 characters, and not your name. A few words you will remember make a good password.";

/**
 * The form to change one's own password: the current one, the new one twice. `onChanged` runs once the server has
 * taken it; errors are shown beside the field they concern.
 */
export function passwordForm(onChanged: () => void, legend = "Change your password", currentLabel = "Your current password"): HTMLElement {
  const input = (testid: string, autocomplete: string) => h("input", { type: "password", testid, autocomplete, required: true, maxlength: 256 }) as HTMLInputElement;
  const current = input("password-current", "current-password");
  const next = input("password-new", "new-password");
  const repeat = input("password-repeat", "new-password");
  const currentField = field("password-current", currentLabel, current);
  const nextField = field("password-new", "New password", next, PASSWORD_HINT);
  const repeatField = field("password-repeat", "New password again", repeat);
  const save = h("button", { type: "submit", class: "button primary", testid: "password-save" }, "Change password") as HTMLButtonElement;
  const status = statusLine("password-status");
  const form = h("form", { class: "form settings", testid: "password-form" },
    h("fieldset", {}, h("legend", {}, legend), currentField.el, nextField.el, repeatField.el),
    save, status.el);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const f of [currentField, nextField, repeatField]) f.error(null);
    if (next.value !== repeat.value) {
      repeatField.error("The two new passwords are not the same. Type the new password twice, exactly alike.");
      repeat.focus();
      return;
    }
    save.disabled = true;
    status.show("Changing your password…");
    try {
      await api.changePassword({ current: current.value, new: next.value });
      current.value = next.value = repeat.value = "";
      status.show("Your password has been changed. Other browsers where you were signed in have been signed out.", "ok");
      onChanged();
    } catch (error) {
      const errors = error instanceof ApiError ? error.fieldErrors : {};
      if (errors.current) currentField.error(errors.current.join(" "));
      if (errors.new) nextField.error(errors.new.join(" "));
      status.show(errors.current || errors.new ? "Not changed: see the message above." : failure("Not changed", error), "error");
      (errors.current ? current : errors.new ? next : save).focus();
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/** Copies text to the clipboard, falling back to selecting it where the clipboard API is missing (plain HTTP beyond loopback). */
async function copy(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    return document.execCommand("copy");
  }
}

/** A secret shown this once (a token, a generated password) with a copy button and a warning that it will not be shown again. */
export function secretBox(testid: string, lead: string, secret: string, after: string): HTMLElement {
  const value = h("input", { class: "secret-value", testid: `${testid}-value`, readonly: true, value: secret, spellcheck: "false", "aria-label": lead }) as HTMLInputElement;
  const copied = h("span", { class: "small", role: "status", "aria-live": "polite", testid: `${testid}-copied` });
  const button = h("button", {
    type: "button", class: "button", testid: `${testid}-copy`,
    onclick: async () => {
      replace(copied, (await copy(value)) ? "Copied." : "Select the text and copy it with Ctrl+C (⌘C on a Mac).");
    },
  }, "Copy");
  value.addEventListener("focus", () => value.select());
  return h("div", { class: "secret", testid, role: "group", "aria-label": lead },
    h("p", {}, h("strong", {}, lead)),
    h("div", { class: "secret-row" }, value, button, copied),
    h("p", { class: "secret-warning" }, "⚠ It will not be shown again: Tagloop keeps only a scrambled form of it. ", after));
}
