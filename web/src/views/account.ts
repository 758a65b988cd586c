import { api, type Project, type Token } from "../api/client";
import { expiryFromDate, ROLES, when, type User } from "../auth";
import { h, replace } from "../dom";
import { failure, field, passwordForm, secretBox, statusLine } from "./accountParts";
import { confirmBox, focusConfirm } from "./confirm";

/** The signed-in user's page: changing their password, and their API tokens. */
export async function accountView(app: HTMLElement, user: User): Promise<void> {
  document.title = "Your account · Tagloop";
  const [tokens, projects] = await Promise.all([api.tokens(), api.projects()]);
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const list = h("div", { testid: "tokens" });
  const showTokens = (all: Token[]) => replace(list, tokensTable(all, names, refresh));
  const refresh = async () => showTokens(await api.tokens());
  showTokens(tokens);

  replace(app,
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, "Your account"),
      h("div", { class: "muted", testid: "account-who" }, `Signed in as ${user.name}${user.admin ? " · administrator" : ""}`))),
    passwordForm(() => undefined),
    h("section", { class: "model-section account-tokens" },
      h("h2", {}, "API tokens"),
      h("p", { class: "muted explain-lead" },
        "A token lets a script or another program use Tagloop in your name, without your password. " +
        "You only need one if someone asks you for it to connect a program. Revoke a token as soon as it is no longer needed."),
      list,
      tokenForm(projects, refresh)));
}

function tokensTable(tokens: Token[], names: Map<number, string>, refresh: () => Promise<void>): HTMLElement {
  if (tokens.length === 0) return h("p", { class: "small muted", testid: "tokens-empty" }, "You have no tokens.");
  const status = statusLine("tokens-status");
  const asking = h("div", {});
  const rows = tokens.map((t) => {
    const revoke = t.revoked ? h("span", { class: "muted" }, "Revoked") : h("button", {
      type: "button", class: "button small danger-quiet", testid: `token-revoke-${t.id}`,
      onclick: () => {
        status.show("");
        const box = confirmBox({
          testid: "token-confirm",
          sentence: `Revoke the token “${t.name}”? Programs using it stop working at once. This cannot be undone; you can make a new token later.`,
          confirm: "Revoke",
          run: async () => {
            await api.revokeToken(t.id);
            await refresh();
          },
          onCancel: () => replace(asking),
        });
        replace(asking, box);
        focusConfirm(box);
      },
    }, "Revoke");
    const expired = t.expiresAt !== null && new Date(t.expiresAt).getTime() < Date.now();
    return h("tr", { class: t.revoked || expired ? "inactive" : undefined },
      h("th", { scope: "row", class: "name" }, t.name, h("div", { class: "small muted" }, `starts ${t.prefix}…`)),
      h("td", {}, t.projectId === null ? "All your projects" : names.get(t.projectId) ?? `Project ${t.projectId}`),
      h("td", {}, t.role === null ? "Your own role" : `At most ${t.role}`),
      h("td", {}, when(t.createdAt)),
      h("td", {}, when(t.lastUsedAt), t.lastUsedFrom ? h("div", { class: "small muted" }, `from ${t.lastUsedFrom}`) : null),
      h("td", {}, expired ? "Expired" : when(t.expiresAt)),
      h("td", {}, revoke));
  });
  const head = ["Name", "Project", "Role", "Made", "Last used", "Stops working", ""];
  return h("div", { class: "table-wrap" },
    h("table", { class: "metrics plain-table", testid: "tokens-table" },
      h("thead", {}, h("tr", {}, ...head.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...rows)),
    asking,
    status.el);
}

function tokenForm(projects: Project[], refresh: () => Promise<void>): HTMLElement {
  const name = h("input", { testid: "token-name", required: true, maxlength: 100, autocomplete: "off", placeholder: "e.g. nightly export script" }) as HTMLInputElement;
  const project = h("select", { testid: "token-project" },
    h("option", { value: "" }, "All my projects"),
    ...projects.map((p) => h("option", { value: String(p.id) }, p.name))) as HTMLSelectElement;
  const role = h("select", { testid: "token-role" },
    h("option", { value: "" }, "No limit: my own role in each project"),
    ...ROLES.map((r) => h("option", { value: r }, `At most ${r}`))) as HTMLSelectElement;
  const expiry = h("input", { type: "date", testid: "token-expiry" }) as HTMLInputElement;
  const nameField = field("token-name", "What is it for?", name);
  const expiryField = field("token-expiry", "Stops working after (optional)", expiry, "Leave empty for a token that works until you revoke it.");
  const create = h("button", { type: "submit", class: "button primary", testid: "token-create" }, "Make token") as HTMLButtonElement;
  const status = statusLine("token-status");
  const shown = h("div", { testid: "token-created" });
  const form = h("form", { class: "form settings", testid: "token-form" },
    h("fieldset", {},
      h("legend", {}, "Make a token"),
      nameField.el,
      field("token-project", "For which projects?", project).el,
      field("token-role", "What may it do?", role, "A token can never do more than you can.").el,
      expiryField.el),
    create, status.el, shown);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    nameField.error(null);
    expiryField.error(null);
    if (!name.value.trim()) {
      nameField.error("Give the token a name, so that you know later what it is for.");
      name.focus();
      return;
    }
    const expiresAt = expiryFromDate(expiry.value, new Date());
    if (!expiresAt.ok) {
      expiryField.error(expiresAt.problem);
      expiry.focus();
      return;
    }
    create.disabled = true;
    status.show("Making the token…");
    try {
      const made = await api.createToken({
        name: name.value.trim(), projectId: project.value ? Number(project.value) : null, role: role.value || null, expiresAt: expiresAt.value,
      });
      status.show("");
      replace(shown, secretBox("token-secret", `Your new token “${made.name}”:`, made.token,
        "Copy it now into the program that needs it. If you lose it, revoke it and make a new one."));
      name.value = "";
      expiry.value = "";
      project.value = "";
      role.value = "";
      await refresh();
      shown.scrollIntoView({ block: "nearest" });
    } catch (error) {
      status.show(failure("No token made", error), "error");
    } finally {
      create.disabled = false;
    }
  });
  return form;
}
