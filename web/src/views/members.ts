import { api, type Member } from "../api/client";
import { allows, isRole, ROLE_WORDS, ROLES, withArticle, type Role, type User } from "../auth";
import { h, replace } from "../dom";
import { failure, field, statusLine } from "./accountParts";

/**
 * The Team tab's Members section: who works on the project and in which role. Owners and administrators change
 * roles, add and remove people; everyone else sees the list. `onChange` gets the new list (the user's role may change).
 */
export function membersSection(projectId: number, me: User, initial: Member[], role: Role | null, onChange: (members: Member[]) => void): HTMLElement {
  const owner = allows(role, "owner");
  const list = h("div", {});
  const status = statusLine("members-status");
  const refresh = async () => {
    const { members } = await api.members(projectId);
    draw(members);
    onChange(members);
  };
  const run = async (what: string, done: string, action: () => Promise<unknown>) => {
    status.show(`${what}…`);
    try {
      await action();
      await refresh();
      status.show(done, "ok");
    } catch (error) {
      status.show(failure("Not changed", error), "error");
    }
  };
  const draw = (members: Member[]) => {
    if (members.length === 0) {
      replace(list, h("p", { class: "small muted", testid: "members-empty" }, "Nobody is a member yet; administrators can still do everything."));
      return;
    }
    const rows = members.map((m) => {
      const you = m.user.toLocaleLowerCase() === me.name.toLocaleLowerCase();
      const roleCell = owner ? roleSelect(`member-role-${m.user}`, m.role, `Role of ${m.user}`, (next) =>
        void run("Saving", `${m.user} is now ${withArticle(next)}.`, () => api.setMember(projectId, { user: m.user, role: next })))
        : h("span", { testid: `member-role-${m.user}` }, capital(m.role));
      return h("tr", { testid: "member-row" },
        h("th", { scope: "row", class: "name" }, m.user, you ? h("span", { class: "muted" }, " (you)") : null,
          m.disabled ? h("span", { class: "muted small" }, " · account disabled") : null),
        h("td", { class: "left" }, roleCell),
        owner ? h("td", {}, h("button", {
          type: "button", class: "button small danger-quiet", testid: `member-remove-${m.user}`,
          onclick: () => void run("Removing", `${m.user} is no longer a member. Their answers stay.`, () => api.removeMember(projectId, m.user)),
        }, "Remove")) : null);
    });
    replace(list, h("div", { class: "table-wrap" }, h("table", { class: "metrics plain-table", testid: "members-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Person"), h("th", { scope: "col", class: "left" }, "Role"), owner ? h("th", { scope: "col" }, "") : null)),
      h("tbody", {}, ...rows))));
  };
  draw(initial);

  return h("section", { class: "model-section members", testid: "members" },
    h("h2", {}, "Members"),
    h("p", { class: "small muted explain-lead" }, owner
      ? "Who works on this project, and what each may do. Site administrators may do everything without being listed."
      : `Who works on this project, and what each may do. Only the project's owners can change this${role ? `; you are ${withArticle(role)}` : ""}.`),
    list,
    status.el,
    owner ? addForm(projectId, me.admin, (user, next) => run("Adding", `${user} was added as ${withArticle(next)}.`, () => api.setMember(projectId, { user, role: next }))) : null,
    h("details", { class: "small muted roles-help" }, h("summary", {}, "What the roles mean"),
      h("ul", {}, ...ROLES.map((r) => h("li", {}, ROLE_WORDS[r])))));
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function roleSelect(testid: string, current: string, label: string, onPick: (role: Role) => void): HTMLSelectElement {
  const select = h("select", { testid, "aria-label": label },
    ...ROLES.map((r) => h("option", { value: r, selected: r === current }, capital(r)))) as HTMLSelectElement;
  select.value = current;
  select.addEventListener("change", () => {
    if (isRole(select.value)) onPick(select.value);
  });
  return select;
}

function addForm(projectId: number, admin: boolean, add: (user: string, role: Role) => Promise<void>): HTMLElement {
  const user = h("input", { testid: "member-user", required: true, maxlength: 100, autocomplete: "off", spellcheck: "false", list: `users-${projectId}` }) as HTMLInputElement;
  const role = h("select", { testid: "member-role" }, ...ROLES.map((r) => h("option", { value: r, selected: r === "annotator" }, ROLE_WORDS[r]))) as HTMLSelectElement;
  role.value = "annotator";
  const submit = h("button", { type: "submit", class: "button primary", testid: "member-add" }, "Add to the project") as HTMLButtonElement;
  const form = h("form", { class: "form settings member-form", testid: "member-form" },
    h("fieldset", {},
      h("legend", {}, "Add someone"),
      field("member-user", "Their user name", user, "They need an account first: an administrator adds people under Users.").el,
      field("member-role", "Role", role).el),
    submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!user.value.trim() || !isRole(role.value)) return;
    submit.disabled = true;
    await add(user.value.trim(), role.value);
    user.value = "";
    submit.disabled = false;
  });
  // Administrators may list the users, so that the name can be picked rather than typed.
  if (admin) void api.users().then((users) => form.append(h("datalist", { id: `users-${projectId}` }, ...users.map((u) => h("option", { value: u.name })))), () => undefined);
  return form;
}
