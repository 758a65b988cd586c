import { api, ApiError, type Label, type TaxonomyChange } from "../api/client";
import { h, replace } from "../dom";
import { taxonomyRequest } from "../labelDifficulty";
import { deleteLabelSentence, labelUpdate, listNames, mergeSentence, placeErrors, splitNames, splitSentence } from "../taxonomy";
import { confirmBox, focusConfirm, setSentence } from "./confirm";
import type { ProjectContext } from "./project";

/** The colours the server gives labels in turn; the add form starts with the next one. */
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** A colour for a new label: the first of the palette no label has yet. */
export function freeColor(labels: readonly Label[]): string {
  return PALETTE.find((c) => !labels.some((l) => l.color.toLowerCase() === c)) ?? PALETTE[labels.length % PALETTE.length];
}

const UNREACHABLE = "Tagloop could not be reached. Check that it is still running, then try again.";

/** The fields of a label form, by the names the server gives them in its messages. */
type FieldName = "name" | "key" | "color" | "description";
const FIELDS: Record<string, FieldName> = { name: "name", key: "key", color: "color", description: "description" };

interface Field {
  input: HTMLInputElement;
  error: HTMLElement;
}

/**
 * The project's labels, each renamed, re-keyed, recoloured or re-described in place, merged into another, split or
 * deleted; a form to add one; and the history of every change. After each change the labels are read again, so the
 * project's other tabs (the annotate view's buttons) use the new ones.
 */
export async function labelsSection(context: ProjectContext): Promise<HTMLElement> {
  const { project } = context;
  let labels: Label[] = [];
  let changes: TaxonomyChange[] = [];
  let open: { close: () => void } | undefined;
  // Each label's merge and split, for the Model tab's links (…/settings?merge=9&into=7, ?split=11).
  const openers = new Map<number, { item: HTMLElement; merge: (into?: number) => void; split: () => void }>();

  const status = h("p", { class: "status", testid: "labels-status", role: "status", "aria-live": "polite", tabindex: -1 });
  const list = h("div", { class: "label-list", testid: "label-list" });
  const history = h("div", { testid: "label-history" });

  const say = (text: string, kind: "ok" | "error" | null = null) => {
    status.className = kind ? `status ${kind}` : "status";
    replace(status, text);
  };

  const documentsWith = (name: string): number | undefined => {
    const stats = context.stats();
    return stats ? (stats.labels.find((l) => l.name === name)?.count ?? 0) : undefined;
  };

  /** Reads the labels, the history and the figures again, shows them, and says what was done. */
  const reload = async (message?: string, focus?: { labelId: number; field: FieldName }) => {
    const [fresh, history] = await Promise.all([api.labels(project.id), api.labelHistory(project.id), context.refreshStats().catch(() => undefined)]);
    labels = fresh;
    changes = history;
    project.labels = fresh;
    open = undefined;
    if (!addFields.name.input.value) addFields.color.input.value = freeColor(fresh);
    render();
    if (message) say(message, "ok");
    const target = focus && list.querySelector<HTMLElement>(`[data-label-id="${focus.labelId}"] [data-field=${focus.field}]`);
    if (target) target.focus();
    else if (message) status.focus();
  };

  const render = () => {
    openers.clear();
    replace(list,
      labels.length ? h("div", { class: "label-grid label-grid-head", "aria-hidden": "true" },
        h("span", {}, "Colour"), h("span", {}, "Name"), h("span", {}, "Key"), h("span", {}, "Description"), h("span", {})) : null,
      ...labels.map(labelItem));
    replace(history, historyTable(changes));
  };

  const field = (label: Label | null, name: FieldName, value: string, attrs: Record<string, string | number>): Field => {
    const who = label ? `“${label.name}”` : "the new label";
    const titles: Record<FieldName, string> = { name: `Name of ${who}`, key: `Key of ${who}`, color: `Colour of ${who}`, description: `Description of ${who}` };
    const error = h("span", { class: "field-error", id: `${label ? `label-${label.id}` : "new-label"}-${name}-error` });
    const input = h("input", {
      ...attrs,
      "data-field": name,
      "aria-label": titles[name],
      "aria-describedby": error.id,
      autocomplete: "off",
    }) as HTMLInputElement;
    input.value = value;
    return { input, error };
  };

  const showErrors = (fields: Record<FieldName, Field>, error: unknown): string => {
    for (const f of Object.values(fields)) {
      f.input.removeAttribute("aria-invalid");
      replace(f.error);
    }
    if (!(error instanceof ApiError)) return UNREACHABLE;
    const { placed, rest } = placeErrors(error.fieldErrors, FIELDS);
    let first: HTMLInputElement | undefined;
    for (const [name, messages] of Object.entries(placed)) {
      const f = fields[name as FieldName];
      f.input.setAttribute("aria-invalid", "true");
      replace(f.error, messages.join(" "));
      first ??= f.input;
    }
    first?.focus();
    if (first) return rest.length ? rest.join(" ") : "See the message next to the field.";
    return error.message;
  };

  const clearErrors = (fields: Record<FieldName, Field>) => {
    for (const f of Object.values(fields)) {
      f.input.removeAttribute("aria-invalid");
      replace(f.error);
    }
  };

  const labelItem = (label: Label): HTMLElement => {
    const fields: Record<FieldName, Field> = {
      color: field(label, "color", label.color, { type: "color", testid: "label-color" }),
      name: field(label, "name", label.name, { testid: "label-name", maxlength: 100 }),
      key: field(label, "key", label.key ?? "", { testid: "label-key", class: "key-input", maxlength: 8 }),
      description: field(label, "description", label.description, { testid: "label-description", maxlength: 2000, placeholder: "What it means, for annotators" }),
    };
    const rowStatus = h("p", { class: "status", testid: "label-status", role: "status", "aria-live": "polite" });
    const save = h("button", { type: "submit", class: "button", testid: "label-save" }, "Save") as HTMLButtonElement;
    const cell = (f: Field) => h("div", { class: "cell" }, f.input);
    // The server's messages go right under the row, each tied to its field (aria-describedby, a red border).
    const form = h("form", { class: "label-grid label-edit", testid: "label-edit" },
      cell(fields.color), cell(fields.name), cell(fields.key), cell(fields.description), h("div", { class: "cell" }, save),
      h("div", { class: "row-errors" }, fields.name.error, fields.key.error, fields.color.error, fields.description.error));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const update = labelUpdate(label, {
        name: fields.name.input.value, key: fields.key.input.value, color: fields.color.input.value, description: fields.description.input.value,
      });
      clearErrors(fields);
      if (!update) {
        rowStatus.className = "status";
        replace(rowStatus, "Nothing changed.");
        return;
      }
      save.disabled = true;
      rowStatus.className = "status";
      replace(rowStatus, "Saving…");
      const focused = (document.activeElement as HTMLElement | null)?.dataset.field as FieldName | undefined;
      try {
        const saved = await api.updateLabel(project.id, label.id, update);
        await reload(editMessage(label, saved), { labelId: label.id, field: focused ?? "name" });
      } catch (error) {
        rowStatus.className = "status error";
        replace(rowStatus, `Not saved: ${showErrors(fields, error)}`);
        save.disabled = false;
      }
    });

    const panel = h("div", { class: "label-panel" });
    const item = h("div", { class: "label-item", testid: "label-item", "data-label-id": label.id, "data-label": label.name });
    const close = () => {
      replace(panel);
      for (const b of actions.querySelectorAll("button")) b.removeAttribute("aria-expanded");
      if (open?.close === close) open = undefined;
    };
    const show = (button: HTMLElement, box: HTMLElement, focus: () => void) => {
      open?.close();
      open = { close };
      button.setAttribute("aria-expanded", "true");
      replace(panel, box);
      focus();
    };
    const cancel = (button: HTMLElement) => () => {
      close();
      button.focus();
    };

    const mergeButton: HTMLButtonElement = h("button", { type: "button", class: "button small", testid: "label-merge", onclick: () => openMerge() }, "Merge into…");
    const splitButton: HTMLButtonElement = h("button", { type: "button", class: "button small", testid: "label-split", onclick: () => openSplit() }, "Split…");
    const deleteButton: HTMLButtonElement = h("button", { type: "button", class: "button small danger-quiet", testid: "label-delete", onclick: () => openDelete() }, "Delete");
    const actions = h("div", { class: "label-actions" }, mergeButton, splitButton, deleteButton, rowStatus);

    const openMerge = (into?: number) => {
      const others = labels.filter((l) => l.id !== label.id);
      if (others.length === 0) {
        rowStatus.className = "status error";
        replace(rowStatus, `“${label.name}” is the only label: there is nothing to merge it into.`);
        return;
      }
      const target = h("select", { id: `merge-into-${label.id}`, testid: "merge-into" },
        ...others.map((l) => h("option", { value: l.id }, l.name))) as HTMLSelectElement;
      if (into !== undefined && others.some((l) => l.id === into)) target.value = String(into);
      const chosen = () => others.find((l) => String(l.id) === target.value) ?? others[0];
      const box = confirmBox({
        testid: "merge-confirm",
        sentence: mergeSentence(label.name, chosen().name, documentsWith(label.name)),
        fields: [h("div", { class: "inline" }, h("label", { for: target.id }, `Merge “${label.name}” into`), target)],
        confirm: "Merge",
        run: async () => {
          const into = chosen();
          try {
            const result = await api.mergeLabel(project.id, label.id, into.id);
            await reload(`Merged “${label.name}” into “${into.name}”: ${result.answers === 1 ? "1 answer says" : `${result.answers.toLocaleString()} answers say`} “${into.name}” now.`);
          } catch (error) {
            throw notDone("Not merged", error);
          }
        },
        onCancel: cancel(mergeButton),
      });
      target.addEventListener("change", () => setSentence(box, mergeSentence(label.name, chosen().name, documentsWith(label.name))));
      show(mergeButton, box, () => focusConfirm(box));
    };

    const openSplit = () => {
      const names = h("div", { class: "split-names" });
      const inputs: Field[] = [];
      const sentence = () => splitSentence(label.name, splitNames(inputs.map((f) => f.input.value)).names, documentsWith(label.name));
      const addName = () => {
        const i = inputs.length;
        const error = h("span", { class: "field-error", id: `split-${label.id}-${i}-error` });
        const input = h("input", {
          testid: "split-name", maxlength: 100, autocomplete: "off", "aria-label": `New label ${i + 1}`, "aria-describedby": error.id,
          placeholder: `New label ${i + 1}`,
        }) as HTMLInputElement;
        input.addEventListener("input", () => setSentence(box, sentence()));
        inputs.push({ input, error });
        names.append(h("div", { class: "cell" }, input, error));
        return input;
      };
      const more = h("button", { type: "button", class: "button small", testid: "split-more", onclick: () => addName().focus() }, "Add another name");
      const box = confirmBox({
        testid: "split-confirm",
        sentence: splitSentence(label.name, [], documentsWith(label.name)),
        fields: [h("p", { class: "small" }, `The new labels that replace “${label.name}”:`), names, h("div", {}, more)],
        confirm: `Split “${label.name}”`,
        run: async () => {
          for (const f of inputs) {
            f.input.removeAttribute("aria-invalid");
            replace(f.error);
          }
          const { names: chosen, problem } = splitNames(inputs.map((f) => f.input.value));
          if (problem) throw new Error(problem);
          try {
            const result = await api.splitLabel(project.id, label.id, chosen.map((name) => ({ name })));
            const back = result.documentsRequeued;
            await reload(`Split “${label.name}” into ${listNames(result.labels.map((l) => l.name))}. ` +
              (back === 0 ? "No document needed labelling again." : `${back === 1 ? "1 document is" : `${back.toLocaleString()} documents are`} back at the front of the queue to be labelled again.`));
          } catch (error) {
            if (error instanceof ApiError) {
              // The server names a new label by its place among those sent: into[1].name is the second one sent.
              const sent = inputs.filter((f) => f.input.value.trim() !== "");
              const where: Record<string, string> = {};
              sent.forEach((_, i) => { for (const part of ["name", "key", "color"]) where[`into[${i}].${part}`] = String(i); });
              const { placed, rest } = placeErrors(error.fieldErrors, where);
              for (const [i, messages] of Object.entries(placed)) {
                sent[Number(i)].input.setAttribute("aria-invalid", "true");
                replace(sent[Number(i)].error, messages.join(" "));
              }
              if (Object.keys(placed).length) throw new Error(`Not split: ${rest.length ? rest.join(" ") : "see the message next to the name."}`);
            }
            throw notDone("Not split", error);
          }
        },
        onCancel: cancel(splitButton),
      });
      addName();
      addName();
      show(splitButton, box, () => inputs[0].input.focus());
    };

    const openDelete = () => {
      const box = confirmBox({
        testid: "delete-label-confirm",
        sentence: deleteLabelSentence(label.name, documentsWith(label.name), project.multiLabel),
        confirm: `Delete “${label.name}”`,
        run: async () => {
          try {
            await api.deleteLabel(project.id, label.id);
            await reload(`Deleted “${label.name}”. Its answers are kept in the documents’ history.`);
          } catch (error) {
            throw notDone("Not deleted", error);
          }
        },
        onCancel: cancel(deleteButton),
      });
      show(deleteButton, box, () => focusConfirm(box));
    };

    replace(item, form, actions, panel);
    openers.set(label.id, { item, merge: openMerge, split: openSplit });
    return item;
  };

  // Adding a label.
  const addFields: Record<FieldName, Field> = {
    color: field(null, "color", PALETTE[0], { type: "color", testid: "new-label-color" }),
    name: field(null, "name", "", { testid: "new-label-name", maxlength: 100, placeholder: "Name" }),
    key: field(null, "key", "", { testid: "new-label-key", class: "key-input", maxlength: 8, placeholder: "Key" }),
    description: field(null, "description", "", { testid: "new-label-description", maxlength: 2000, placeholder: "What it means (optional)" }),
  };
  const addStatus = h("p", { class: "status", testid: "new-label-status", role: "status", "aria-live": "polite" });
  const addButton = h("button", { type: "submit", class: "button primary", testid: "new-label-add" }, "Add label") as HTMLButtonElement;
  const addCell = (f: Field) => h("div", { class: "cell" }, f.input);
  const addForm = h("form", { class: "label-add", testid: "new-label-form" },
    h("h3", {}, "Add a label"),
    h("div", { class: "label-grid" }, addCell(addFields.color), addCell(addFields.name), addCell(addFields.key), addCell(addFields.description), h("div", { class: "cell" }, addButton),
      h("div", { class: "row-errors" }, addFields.name.error, addFields.key.error, addFields.color.error, addFields.description.error)),
    h("p", { class: "muted small" }, "Leave the key empty to get a free one. The model learns the new label from its first answers."),
    addStatus);
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(addFields);
    const name = addFields.name.input.value.trim();
    if (!name) {
      addFields.name.input.setAttribute("aria-invalid", "true");
      replace(addFields.name.error, "Give the label a name.");
      addFields.name.input.focus();
      return;
    }
    addButton.disabled = true;
    addStatus.className = "status";
    replace(addStatus, "Adding…");
    try {
      const key = addFields.key.input.value.trim();
      const description = addFields.description.input.value.trim();
      const added = await api.addLabel(project.id, { name, key: key || null, color: addFields.color.input.value, description: description || null });
      for (const f of [addFields.name, addFields.key, addFields.description]) f.input.value = "";
      replace(addStatus);
      await reload(`Added “${added.name}”${added.key ? ` (key ${added.key})` : ""}. It is on the annotate page from now on.`);
      addFields.name.input.focus();
    } catch (error) {
      addStatus.className = "status error";
      replace(addStatus, `Not added: ${showErrors(addFields, error)}`);
    } finally {
      addButton.disabled = false;
    }
  });

  [labels, changes] = await Promise.all([api.labels(project.id), api.labelHistory(project.id)]);
  project.labels = labels;
  addFields.color.input.value = freeColor(labels);
  render();

  const section = h("div", { class: "settings labels-settings", testid: "labels-section" },
    h("fieldset", {},
      h("legend", {}, "Labels"),
      h("p", { class: "muted" }, "Rename a label, change its key, colour or description, and press Enter or Save. " +
        "Merging, splitting and deleting change answers already given; each asks first and says what will happen."),
      list,
      status,
      addForm),
    h("fieldset", {},
      h("legend", {}, "History of label changes"),
      history));

  // A merge or split asked for by the address opens once the section is on the page (settingsView places it).
  const request = taxonomyRequest(context.query);
  if (request) {
    let tries = 0;
    const openRequested = () => {
      if (!section.isConnected) {
        if (++tries < 250) window.setTimeout(openRequested, 20);
        return;
      }
      const target = openers.get(request.label);
      if (!target) {
        say("The label to merge or split is not here any more: it was renamed, merged or deleted since.", "error");
        return;
      }
      target.item.scrollIntoView?.({ block: "center" });
      if (request.action === "merge") target.merge(request.into ?? undefined);
      else target.split();
    };
    openRequested();
  }
  return section;
}

function editMessage(before: Label, after: Label): string {
  const said: string[] = [];
  if (before.name !== after.name) said.push(`renamed “${before.name}” to “${after.name}”`);
  if ((before.key ?? "") !== (after.key ?? "")) said.push(after.key ? `key of “${after.name}” is now ${after.key}` : `“${after.name}” has no key now`);
  if (before.color.toLowerCase() !== after.color.toLowerCase()) said.push(`new colour for “${after.name}”`);
  if (before.description !== after.description) said.push(`description of “${after.name}” saved`);
  const text = said.join("; ") || "nothing changed";
  return `Saved: ${text}.`;
}

/** An error to show in a confirmation: the server's words, or that it could not be reached. */
function notDone(what: string, error: unknown): Error {
  return new Error(`${what}: ${error instanceof ApiError ? error.message : UNREACHABLE}`);
}

function historyTable(changes: readonly TaxonomyChange[]): HTMLElement {
  if (changes.length === 0) return h("p", { class: "muted" }, "No changes yet: the labels are as the project was created.");
  return h("table", { class: "metrics label-history" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Version"), h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Who"), h("th", { scope: "col" }, "What changed"))),
    h("tbody", {}, ...changes.map((c) => h("tr", { testid: "label-history-row" },
      h("td", {}, String(c.version)),
      h("td", { class: "when" }, new Date(c.at).toLocaleString()),
      h("td", { class: "author" }, c.author),
      h("td", { class: "what" }, c.summary)))));
}
