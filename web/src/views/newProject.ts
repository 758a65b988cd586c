import { ApiError, api } from "../api/client";
import { h, replace } from "../dom";
import { isBlank, toRowField, validateProject, type LabelDraft } from "../projectForm";
import { choiceOption } from "./settings";

interface Row {
  name: HTMLInputElement;
  key: HTMLInputElement;
  description: HTMLInputElement;
  color: HTMLInputElement;
  remove: HTMLButtonElement;
  errors: HTMLElement;
  element: HTMLElement;
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

export function newProjectView(app: HTMLElement): void {
  const rows: Row[] = [];
  const name = h("input", { id: "project-name", testid: "project-name", maxlength: 200, autocomplete: "off", placeholder: "e.g. Contract clauses, Patient notes, Support tickets" });
  const nameErrors = h("div", { class: "field-error", id: "project-name-error" });
  name.setAttribute("aria-describedby", "project-name-error");
  const single = h("input", { type: "radio", name: "kind", value: "single", checked: true, id: "kind-single" });
  const multi = h("input", { type: "radio", name: "kind", value: "multi", id: "kind-multi", testid: "project-multilabel" });
  const spans = h("input", { type: "radio", name: "kind", value: "spans", id: "kind-spans", testid: "project-span-tagging" });
  // In a span-tagging project the labels are the kinds of entity marked in the text.
  const labelsLegend = h("legend", {}, "Labels");
  const labelsHelp = h("p", { class: "muted small" }, "");
  const describeLabels = () => {
    replace(labelsLegend, spans.checked ? "Entity types" : "Labels");
    replace(labelsHelp, spans.checked
      ? "The kinds of thing annotators mark in the text (people, places, amounts, clauses …). A key assigns the type to the selected words; left empty, a key (1, 2, 3 …) is given for them."
      : "The answers annotators choose from. A key lets them answer with one keystroke; left empty, a key (1, 2, 3 …) is given for them. f, g and ? are kept for flag, guidelines and help.");
  };
  for (const radio of [single, multi, spans]) radio.addEventListener("change", describeLabels);
  describeLabels();
  const guidelines = h("textarea", { id: "guidelines", testid: "guidelines", rows: 6, placeholder: "What should annotators look for? When is a text one label rather than another? What to do when unsure?" });
  const labelList = h("div", { class: "label-rows" });
  const labelErrors = h("div", { class: "field-error" });
  const summary = h("div", { class: "error", role: "alert", hidden: true });
  const create = h("button", { type: "submit", class: "button primary", testid: "create-project" }, "Create project");

  // How the model reads documents: the server's choices, the default checked; hidden (and the default used) until they load.
  const encoderChoices = h("div", { class: "choices" });
  const encoderErrors = h("div", { class: "field-error" });
  const encoderField = h("fieldset", { hidden: true, testid: "encoder-field" },
    h("legend", {}, "How the model reads your documents"),
    h("p", { class: "muted small" }, "The model turns each document into numbers before it learns from your labels; this is how. If unsure, keep the default: you can change it later in Settings."),
    encoderChoices,
    encoderErrors);
  void api.encoders().then((encoders) => {
    replace(encoderChoices, ...encoders.map((e) => choiceOption("encoder", e, e.isDefault)));
    encoderField.hidden = false;
  }, () => undefined);

  const renumber = () => rows.forEach((row, i) => {
    row.name.setAttribute("data-testid", `label-name-${i}`);
    row.key.setAttribute("data-testid", `label-key-${i}`);
    row.description.setAttribute("data-testid", `label-description-${i}`);
    row.name.setAttribute("aria-label", `Label ${i + 1}: name`);
    row.key.setAttribute("aria-label", `Label ${i + 1}: keyboard key`);
    row.description.setAttribute("aria-label", `Label ${i + 1}: description`);
    row.color.setAttribute("aria-label", `Label ${i + 1}: colour`);
    row.remove.setAttribute("aria-label", `Remove label ${i + 1}`);
    row.remove.disabled = rows.length <= 1;
  });

  const addRow = () => {
    const used = new Set(rows.map((r) => r.color.value));
    const row: Row = {
      name: h("input", { placeholder: "Label name", maxlength: 100, autocomplete: "off" }),
      key: h("input", { class: "key-input", maxlength: 1, placeholder: "auto", autocomplete: "off" }),
      description: h("input", { placeholder: "What it means (optional)", autocomplete: "off" }),
      color: h("input", { type: "color", value: palette.find((c) => !used.has(c)) ?? palette[rows.length % palette.length] }),
      remove: h("button", { type: "button", class: "button quiet", onclick: () => removeRow(row) }, "Remove"),
      errors: h("div", { class: "field-error row-errors" }),
      element: h("div", { class: "label-row" }),
    };
    row.element.append(row.name, row.key, row.description, row.color, row.remove, row.errors);
    rows.push(row);
    labelList.append(row.element);
    renumber();
    return row;
  };

  const removeRow = (row: Row) => {
    if (rows.length <= 1) return;
    rows.splice(rows.indexOf(row), 1);
    row.element.remove();
    renumber();
  };

  addRow();
  addRow();

  const drafts = (): LabelDraft[] => rows.map((r) => ({ name: r.name.value, key: r.key.value, description: r.description.value, color: r.color.value }));

  const clearErrors = () => {
    summary.hidden = true;
    replace(nameErrors);
    replace(labelErrors);
    replace(encoderErrors);
    for (const row of rows) replace(row.errors);
    app.querySelectorAll("[aria-invalid=true]").forEach((el) => el.setAttribute("aria-invalid", "false"));
  };

  /** Shows each message beside its field; returns the first field with a problem. */
  const showErrors = (problems: Record<string, string[]>): HTMLElement | null => {
    let first: HTMLElement | null = null;
    const unplaced: string[] = [];
    const mark = (input: HTMLElement, place: HTMLElement, messages: string[]) => {
      input.setAttribute("aria-invalid", "true");
      place.append(...messages.map((m) => h("div", {}, m)));
      first ??= input;
    };
    for (const [field, messages] of Object.entries(problems)) {
      const match = /^labels\[(\d+)\]\.?(\w*)$/.exec(field);
      const row = match ? rows[Number(match[1])] : undefined;
      if (field === "name") mark(name, nameErrors, messages);
      else if (row) {
        const part = match![2];
        mark(part === "key" ? row.key : part === "description" ? row.description : part === "color" ? row.color : row.name, row.errors, messages);
      } else if (field === "encoder") {
        encoderErrors.append(...messages.map((m) => h("div", {}, m)));
        first ??= encoderChoices.querySelector("input");
      } else if (field === "labels") {
        labelErrors.append(...messages.map((m) => h("div", {}, m)));
        first ??= rows[0]?.name ?? null;
      } else unplaced.push(...messages);
    }
    if (unplaced.length > 0) {
      replace(summary, unplaced.join(" "));
      summary.hidden = false;
    }
    return first;
  };

  const form = h("form", { class: "form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "project-name" }, "Project name"), name, nameErrors),
    h("fieldset", {}, h("legend", {}, "Task"),
      h("label", { class: "inline" }, single, " Text classification — one label per text ", h("span", { class: "muted" }, "(e.g. spam or not spam)")),
      h("label", { class: "inline" }, multi, " Text classification — several labels per text ", h("span", { class: "muted" }, "(e.g. the topics of a ticket)")),
      h("label", { class: "inline" }, spans, " Entities in the text — mark words and phrases by type ", h("span", { class: "muted" }, "(e.g. people, places and amounts in a contract)"))),
    h("fieldset", {}, labelsLegend,
      labelsHelp,
      h("div", { class: "label-row label-head", "aria-hidden": "true" }, h("span", {}, "Name"), h("span", {}, "Key"), h("span", {}, "Description"), h("span", {}, "Colour"), h("span", {})),
      labelList,
      labelErrors,
      h("div", {}, h("button", { type: "button", class: "button", testid: "add-label", onclick: () => addRow().name.focus() }, "+ Add a label"))),
    h("div", { class: "field" },
      h("label", { for: "guidelines" }, "Guidelines for annotators ", h("span", { class: "muted" }, "(optional; shown beside every document)")),
      guidelines),
    encoderField,
    summary,
    h("div", { class: "actions" }, create, h("a", { class: "button quiet", href: "#/" }, "Cancel")));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors();
    const all = drafts();
    const local = validateProject(name.value, all);
    if (Object.keys(local).length > 0) {
      showErrors(local)?.focus();
      return;
    }
    const sentRows = all.flatMap((l, i) => (isBlank(l) ? [] : [i]));
    const labels = sentRows.map((i) => all[i]).map((l) => ({
      name: l.name.trim(),
      key: l.key.trim() || null,
      description: l.description.trim() || null,
      color: l.color,
    }));
    create.disabled = true;
    try {
      const encoder = encoderChoices.querySelector<HTMLInputElement>("input[name=encoder]:checked")?.value ?? null;
      const project = await api.createProject({ name: name.value.trim(), task: spans.checked ? "span-tagging" : "classification", multiLabel: multi.checked, labels, guidelines: guidelines.value.trim() || null, encoder });
      location.hash = `#/projects/${project.id}/import`;
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      const mapped: Record<string, string[]> = {};
      for (const [field, messages] of Object.entries(fields)) (mapped[toRowField(field, sentRows)] ??= []).push(...messages);
      if (Object.keys(mapped).length === 0) mapped[""] = [error instanceof Error ? error.message : String(error)];
      showErrors(mapped)?.focus();
    } finally {
      create.disabled = false;
    }
  });

  replace(app, h("h1", {}, "New project"), form);
  name.focus();
}
