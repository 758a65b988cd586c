import { ApiError, api } from "../api/client";
import { h, replace } from "../dom";

interface Row {
  name: HTMLInputElement;
  key: HTMLInputElement;
  description: HTMLInputElement;
  color: HTMLInputElement;
  element: HTMLElement;
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

export function newProjectView(app: HTMLElement): void {
  const rows: Row[] = [];
  const name = h("input", { id: "project-name", testid: "project-name", required: true, maxlength: 200, autocomplete: "off" });
  const single = h("input", { type: "radio", name: "kind", value: "single", checked: true, id: "kind-single" });
  const multi = h("input", { type: "radio", name: "kind", value: "multi", id: "kind-multi", testid: "project-multilabel" });
  const guidelines = h("textarea", { id: "guidelines", testid: "guidelines", rows: 6, placeholder: "What should annotators look for? When is a text one label rather than another?" });
  const labelList = h("div", { class: "label-rows" });
  const errors = h("div", { class: "error", role: "alert", hidden: true });

  const addRow = () => {
    const i = rows.length;
    const row: Row = {
      name: h("input", { testid: `label-name-${i}`, placeholder: "Label name", maxlength: 100, "aria-label": `Label ${i + 1} name` }),
      key: h("input", { testid: `label-key-${i}`, class: "key-input", maxlength: 1, placeholder: "key", "aria-label": `Label ${i + 1} keyboard key` }),
      description: h("input", { testid: `label-description-${i}`, placeholder: "What it means (optional)", "aria-label": `Label ${i + 1} description` }),
      color: h("input", { type: "color", value: palette[i % palette.length], "aria-label": `Label ${i + 1} colour` }),
      element: h("div", { class: "label-row" }),
    };
    const remove = h("button", { type: "button", class: "link", onclick: () => {
      if (rows.length <= 1) return;
      rows.splice(rows.indexOf(row), 1);
      row.element.remove();
    } }, "Remove");
    row.element.append(row.name, row.key, row.description, row.color, remove);
    rows.push(row);
    labelList.append(row.element);
  };
  addRow();
  addRow();

  const form = h(
    "form",
    { class: "form", novalidate: true },
    h("label", { for: "project-name" }, "Project name"),
    name,
    h("fieldset", {}, h("legend", {}, "Task"),
      h("label", { class: "inline" }, single, " Text classification, one label per text"),
      h("label", { class: "inline" }, multi, " Text classification, several labels per text")),
    h("fieldset", {}, h("legend", {}, "Labels"),
      h("p", { class: "muted" }, "Each label can have a keyboard key for fast annotation. Keys f, g and ? are taken (flag, guidelines, help)."),
      labelList,
      h("button", { type: "button", class: "button", testid: "add-label", onclick: addRow }, "Add a label")),
    h("label", { for: "guidelines" }, "Guidelines for annotators"),
    guidelines,
    errors,
    h("button", { type: "submit", class: "button primary", testid: "create-project" }, "Create project"),
  );

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    errors.hidden = true;
    form.querySelectorAll(".field-error").forEach((el) => el.remove());
    const labels = rows
      .filter((r) => r.name.value.trim() !== "")
      .map((r) => ({ name: r.name.value.trim(), key: r.key.value.trim() || null, description: r.description.value.trim() || null, color: r.color.value }));
    try {
      const project = await api.createProject({ name: name.value, task: "classification", multiLabel: multi.checked, labels, guidelines: guidelines.value });
      location.hash = `#/projects/${project.id}/import`;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fields = error.fieldErrors;
      const shown: string[] = [];
      for (const [field, messages] of Object.entries(fields)) {
        const target = fieldElement(field, name, rows.filter((r) => r.name.value.trim() !== ""));
        const message = h("div", { class: "field-error" }, messages.join(" "));
        if (target) target.insertAdjacentElement("afterend", message);
        else shown.push(...messages);
      }
      if (shown.length > 0 || Object.keys(fields).length === 0) {
        replace(errors, shown.length > 0 ? shown.join(" ") : error.message);
        errors.hidden = false;
      }
    }
  });

  replace(app, h("h1", {}, "New project"), form);
  name.focus();
}

function fieldElement(field: string, name: HTMLElement, rows: Row[]): HTMLElement | null {
  if (field === "name") return name;
  const match = /^labels\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (match) {
    const row = rows[Number(match[1])];
    return row ? row.element : null;
  }
  return null;
}
