import { api, type Assignment, type Member } from "../api/client";
import { allows, type Role } from "../auth";
import { ASSIGNMENTS_EXPLAIN, assignmentRequest, describeAssignment, progress, type AssignmentForm } from "../assignments";
import { h, replace } from "../dom";
import { failure, field, statusLine } from "./accountParts";

/**
 * The Team tab's "Who labels what" section: documents set aside for people. Reviewers see the list; owners add and
 * end assignments. `members` (with accounts) offers the names to pick from.
 */
export function assignmentsSection(projectId: number, role: Role | null, members: Member[] | null): HTMLElement {
  const owner = allows(role, "owner");
  const list = h("div", {}, h("p", { class: "small muted" }, "Loading…"));
  const status = statusLine("assignments-status");
  const refresh = async () => {
    try {
      draw((await api.assignments(projectId)).assignments);
    } catch (error) {
      replace(list, h("p", { class: "error", role: "alert" }, failure("Could not load the assignments", error)));
    }
  };
  const draw = (assignments: Assignment[]) => {
    if (assignments.length === 0) {
      replace(list, h("p", { class: "small muted", testid: "assignments-empty" }, "Nothing is set aside: everyone labels from the same queue."));
      return;
    }
    const rows = assignments.map((a) => h("tr", { testid: "assignment-row" },
      h("th", { scope: "row", class: "name" }, a.user),
      h("td", { class: "left" }, describeAssignment(a), a.note ? h("div", { class: "small muted" }, a.note) : null),
      h("td", { testid: "assignment-progress" }, progress(a)),
      h("td", { class: "left small muted" }, `by ${a.createdBy}`),
      owner ? h("td", {}, h("button", {
        type: "button", class: "button small danger-quiet", testid: `assignment-remove-${a.id}`,
        onclick: async () => {
          status.show("Ending…");
          try {
            await api.removeAssignment(projectId, a.id);
            await refresh();
            status.show(`Ended: those documents are open to everyone again. ${a.user}'s answers stay.`, "ok");
          } catch (error) {
            status.show(failure("Not ended", error), "error");
          }
        },
      }, "End")) : null));
    replace(list, h("div", { class: "table-wrap" }, h("table", { class: "metrics plain-table", testid: "assignments-table" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Person"), h("th", { scope: "col", class: "left" }, "Documents"), h("th", { scope: "col" }, "Progress"),
        h("th", { scope: "col", class: "left" }, "Set"), owner ? h("th", { scope: "col" }, "") : null)),
      h("tbody", {}, ...rows))));
  };
  void refresh();

  return h("section", { class: "model-section assignments", testid: "assignments" },
    h("h2", {}, "Who labels what"),
    h("p", { class: "small muted explain-lead" }, ASSIGNMENTS_EXPLAIN),
    list,
    status.el,
    owner ? addForm(projectId, members, async () => {
      await refresh();
    }, status.show) : null);
}

function addForm(projectId: number, members: Member[] | null, done: () => Promise<void>, say: (text: string, kind?: "ok" | "error") => void): HTMLElement {
  const input = (testid: string, max: number, extra: Record<string, string> = {}) =>
    h("input", { testid, maxlength: max, autocomplete: "off", spellcheck: "false", ...extra }) as HTMLInputElement;
  const people = (members ?? []).filter((m) => !m.disabled && ["annotator", "reviewer", "owner"].includes(m.role));
  const inputs: Record<keyof AssignmentForm, HTMLInputElement> = {
    user: input("assignment-user", 100, { list: `assignees-${projectId}`, required: "" }),
    search: input("assignment-search", 200),
    metaField: input("assignment-meta-field", 200),
    metaValue: input("assignment-meta-value", 200),
    ids: input("assignment-ids", 200_000, { inputmode: "numeric" }),
    note: input("assignment-note", 1000),
  };
  const fields = {
    user: field("assignment-user", "For", inputs.user, members ? "A member who labels here." : "The name they label under."),
    search: field("assignment-search", "Documents whose text contains", inputs.search, "Words, as in Browse's search; any case."),
    metaField: field("assignment-meta-field", "Metadata field", inputs.metaField),
    metaValue: field("assignment-meta-value", "has the value", inputs.metaValue),
    ids: field("assignment-ids", "Or these document numbers", inputs.ids, "Separated by commas, as Browse shows them."),
    note: field("assignment-note", "Note for the team (optional)", inputs.note),
  };
  const submit = h("button", { type: "submit", class: "button primary", testid: "assignment-add" }, "Set aside") as HTMLButtonElement;
  const form = h("form", { class: "form settings assignment-form", testid: "assignment-form", novalidate: true },
    h("fieldset", {},
      h("legend", {}, "Set documents aside for someone"),
      fields.user.el, fields.search.el,
      h("div", { class: "field-row" }, fields.metaField.el, fields.metaValue.el),
      fields.ids.el, fields.note.el),
    submit,
    people.length > 0 ? h("datalist", { id: `assignees-${projectId}` }, ...people.map((m) => h("option", { value: m.user }))) : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) f.error(null);
    const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])) as unknown as AssignmentForm;
    const request = assignmentRequest(values);
    if (!request.ok) {
      fields[request.field].error(request.problem);
      inputs[request.field].focus();
      return;
    }
    submit.disabled = true;
    say("Saving…");
    try {
      const added = await api.addAssignment(projectId, request.value);
      for (const i of Object.values(inputs)) i.value = "";
      await done();
      say(`Set aside for ${added.user}: ${progress(added)}.`, "ok");
    } catch (error) {
      say(failure("Not set aside", error), "error");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
