import { api, type AddedUser, type User } from "../api/client";
import { when } from "../auth";
import { h, replace } from "../dom";
import { failure, field, secretBox, statusLine } from "./accountParts";
import { confirmBox, focusConfirm } from "./confirm";

/** For administrators: everyone who can sign in, adding users, resetting passwords, disabling, making administrators. */
export async function usersView(app: HTMLElement, me: User): Promise<void> {
  document.title = "Users · Tagloop";
  const list = h("div", { testid: "users" });
  const shown = h("div", { testid: "user-password" });
  const status = statusLine("users-status");
  const showPassword = (added: AddedUser) => {
    if (!added.password) return;
    replace(shown, secretBox("user-secret", `${added.user.name} can now sign in with this password:`, added.password,
      "Give it to them in person or by a message only they can read. They will choose their own password when they first sign in."));
    shown.scrollIntoView({ block: "nearest" });
  };
  const refresh = async () => replace(list, usersTable(await api.users(), me, refresh, showPassword, status.show));
  await refresh();
  replace(app,
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, "Users"),
      h("div", { class: "muted" }, "Everyone who can sign in to this Tagloop. Add people to a project under its Team tab."))),
    addForm(refresh, showPassword),
    shown,
    h("section", { class: "model-section" }, list, status.el));
}

function usersTable(users: User[], me: User, refresh: () => Promise<void>, showPassword: (added: AddedUser) => void, show: (text: string, kind?: "ok" | "error") => void): HTMLElement {
  const asking = h("div", { testid: "user-confirm-slot" });
  type Change = { disabled?: boolean; admin?: boolean; resetPassword?: boolean };
  const change = async (name: string, what: Change, done: string) => {
    const changed = await api.updateUser(name, what);
    showPassword(changed);
    await refresh();
    show(done.replace("{name}", changed.user.name), "ok");
  };
  /** A button that changes the user at once, or first asks with `sentence` when the change is hard on them. */
  const act = (user: string, label: string, testid: string, what: Change, done: string, sentence?: string, danger = false) =>
    h("button", {
      type: "button", class: danger ? "button small danger-quiet" : "button small", testid,
      onclick: async (e: Event) => {
        show("");
        if (sentence) {
          const box = confirmBox({
            testid: "user-confirm", sentence: sentence.replace("{name}", user), confirm: label,
            run: async () => {
              await change(user, what, done);
              replace(asking);
            },
            onCancel: () => replace(asking),
          });
          replace(asking, box);
          focusConfirm(box);
          return;
        }
        const button = e.currentTarget as HTMLButtonElement;
        button.disabled = true;
        try {
          await change(user, what, done);
        } catch (error) {
          show(failure("Not changed", error), "error");
          button.disabled = false;
        }
      },
    }, label);
  const rows = users.map((u) => {
    const self = u.name === me.name;
    const buttons = self ? [] : [
      act(u.name, "Reset password", `user-reset-${u.name}`, { resetPassword: true }, "{name}'s password was reset: give them the new one shown above.",
        "Reset {name}'s password? They are signed out everywhere, and can sign in only with the new password shown next, which they must then change."),
      u.disabled
        ? act(u.name, "Enable", `user-enable-${u.name}`, { disabled: false }, "{name} can sign in again.")
        : act(u.name, "Disable", `user-disable-${u.name}`, { disabled: true }, "{name} can no longer sign in; their answers stay.",
          "Disable {name}? They are signed out at once and their API tokens stop working. Their answers stay, and you can enable them again later.", true),
      u.admin
        ? act(u.name, "Remove administrator", `user-unadmin-${u.name}`, { admin: false }, "{name} is no longer an administrator.")
        : act(u.name, "Make administrator", `user-admin-${u.name}`, { admin: true }, "{name} is now an administrator.",
          "Make {name} an administrator? They will be able to manage users and do everything in every project."),
    ];
    const state = u.disabled ? "Disabled: cannot sign in" : u.mustChangePassword ? "Must choose a new password" : "Active";
    return h("tr", { class: u.disabled ? "inactive" : undefined, testid: "user-row" },
      h("th", { scope: "row", class: "name" }, u.name, self ? h("span", { class: "muted" }, " (you)") : null),
      h("td", {}, u.admin ? "Administrator" : "User"),
      h("td", {}, state),
      h("td", {}, when(u.createdAt)),
      h("td", {}, self ? h("span", { class: "small muted" }, "Change your password under Account") : h("div", { class: "actions" }, ...buttons)));
  });
  return h("div", {}, asking, h("div", { class: "table-wrap" },
    h("table", { class: "metrics plain-table", testid: "users-table" },
      h("thead", {}, h("tr", {}, ...["Name", "Kind", "Status", "Added", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...rows))));
}

function addForm(refresh: () => Promise<void>, showPassword: (added: AddedUser) => void): HTMLElement {
  const name = h("input", { testid: "user-name", required: true, maxlength: 100, autocomplete: "off", spellcheck: "false" }) as HTMLInputElement;
  const admin = h("input", { type: "checkbox", id: "user-admin", testid: "user-admin" }) as HTMLInputElement;
  const nameField = field("user-name", "Name", name, "The name they sign in with. It is shown beside every label they give.");
  const add = h("button", { type: "submit", class: "button primary", testid: "user-add" }, "Add user") as HTMLButtonElement;
  const status = statusLine("user-add-status");
  const form = h("form", { class: "form settings", testid: "user-form" },
    h("fieldset", {},
      h("legend", {}, "Add a user"),
      nameField.el,
      h("label", { class: "choice" }, admin, h("span", {}, h("strong", {}, "Administrator"), h("br", {}),
        h("span", { class: "muted" }, "Can manage users and do everything in every project."))),
      h("p", { class: "small muted" }, "Tagloop makes a password for them, shown once here. They choose their own when they first sign in.")),
    add, status.el);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    nameField.error(null);
    add.disabled = true;
    status.show("Adding…");
    try {
      const added = await api.addUser({ name: name.value.trim(), admin: admin.checked, password: null });
      status.show(`${added.user.name} was added.`, "ok");
      name.value = "";
      admin.checked = false;
      showPassword(added);
      await refresh();
    } catch (error) {
      const problem = failure("Not added", error);
      nameField.error(problem);
      status.show("");
      name.focus();
    } finally {
      add.disabled = false;
    }
  });
  return form;
}
