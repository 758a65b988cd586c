import { api, ApiError, type Encoder, type Strategy } from "../api/client";
import { h, replace } from "../dom";
import { OVERLAP_EXPLAIN, MAX_PEOPLE, MIN_PEOPLE, overlapSaved, percentText, readOverlap, type OverlapField } from "../overlap";
import { labelsSection } from "./labels";
import type { ProjectContext } from "./project";

type Choice = Strategy | Encoder;

/** The project's settings: its name and guidelines, its labels, how the model picks the next document, what it reads documents with, and deleting it. */
export async function settingsView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const [strategies, encoders, labels] = await Promise.all([api.strategies(), api.encoders(), labelsSection(context)]);

  const strategyForm = choiceForm({
    field: "strategy",
    legend: "Which document should come next?",
    intro: "While you label, a model learns from your answers and picks the document it expects to learn most from. " +
      "The default was chosen because it needed the fewest labels on seven public datasets; change it if your data behaves differently.",
    choices: strategies,
    current: () => project.strategy,
    save: async (name) => {
      const updated = await api.updateSettings(project.id, { strategy: name });
      project.strategy = updated.strategy;
      return `Saved. The next documents are picked by “${titleOf(strategies, updated.strategy)}”.`;
    },
  });

  const encoderForm = choiceForm({
    field: "encoder",
    legend: "How should the model read your documents?",
    intro: "The model does not read text as you do: it turns each document into numbers first. " +
      "The default learnt the most from each label on public datasets.",
    choices: encoders,
    current: () => project.encoder,
    save: async (name) => {
      const updated = await api.updateSettings(project.id, { encoder: name });
      project.encoder = updated.encoder;
      const title = titleOf(encoders, updated.encoder);
      return updated.encoder === "tfidf"
        ? `Saved: “${title}”. The model is being retrained with it (see the Model tab).`
        : `Saved: “${title}”. If the sentence model has not read every document yet, it does so now (progress on the Model tab); until then the model learns from words alone.`;
    },
  });

  replace(body, detailsForm(context), labels, strategyForm, encoderForm, overlapForm(context), deleteForm(context));
}

/** The project's name and guidelines, edited in place. */
function detailsForm(context: ProjectContext): HTMLElement {
  const { project } = context;
  const name = h("input", { id: "settings-name", testid: "settings-name", required: true, maxlength: 200 }) as HTMLInputElement;
  name.value = project.name;
  const guidelines = h("textarea", { id: "settings-guidelines", testid: "settings-guidelines", rows: 6, maxlength: 200000 }) as HTMLTextAreaElement;
  guidelines.value = project.guidelines;
  const save = h("button", { type: "submit", class: "button primary", testid: "details-save" }, "Save");
  const status = h("p", { class: "status", testid: "details-status", role: "status", "aria-live": "polite" });
  const form = h("form", { class: "form settings", testid: "details-form" },
    h("fieldset", {},
      h("legend", {}, "Name and guidelines"),
      h("div", { class: "field" }, h("label", { for: "settings-name" }, "Project name"), name),
      h("div", { class: "field" }, h("label", { for: "settings-guidelines" }, "Guidelines for annotators (shown with g while annotating)"), guidelines)),
    save,
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.setAttribute("disabled", "");
    status.className = "status";
    status.textContent = "Saving…";
    try {
      const updated = await api.updateProject(project.id, { name: name.value, guidelines: guidelines.value });
      project.name = updated.name;
      project.guidelines = updated.guidelines;
      name.value = updated.name;
      const heading = document.querySelector<HTMLElement>("[data-testid=project-title]");
      if (heading) heading.textContent = updated.name;
      document.title = `${updated.name} · Settings · Tagloop`;
      status.className = "status ok";
      status.textContent = "Saved.";
    } catch (e) {
      status.className = "status error";
      status.textContent = e instanceof ApiError ? `Not saved: ${e.message}` : "Not saved: Tagloop could not be reached. Check that it is still running, then try again.";
    } finally {
      save.removeAttribute("disabled");
    }
  });
  return form;
}

/** How many documents several people label independently, and how many people each. */
function overlapForm(context: ProjectContext): HTMLElement {
  const { project } = context;
  const percent = h("input", {
    id: "overlap-share", testid: "overlap-share", type: "number", min: 0, max: 100, step: "any", required: true, inputmode: "decimal",
  }) as HTMLInputElement;
  percent.value = percentText(project.overlapShare);
  const people = h("input", {
    id: "overlap-answers", testid: "overlap-answers", type: "number", min: MIN_PEOPLE, max: MAX_PEOPLE, step: 1, required: true,
  }) as HTMLInputElement;
  people.value = String(project.overlapAnswers ?? MIN_PEOPLE);
  const save = h("button", { type: "submit", class: "button primary", testid: "overlap-save" }, "Save");
  const status = h("p", { id: "overlap-status", class: "status", testid: "overlap-status", role: "status", "aria-live": "polite" });
  const inputs = { share: percent, people };
  /** Says how saving went; a problem with one input marks that input, so a screen reader names it too. */
  const show = (text: string, kind: "ok" | "error" | null, field?: OverlapField) => {
    status.textContent = text;
    status.className = kind ? `status ${kind}` : "status";
    for (const [name, input] of Object.entries(inputs)) {
      if (name === field) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", "overlap-status");
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }
  };
  const form = h("form", { class: "form settings", testid: "overlap-form", novalidate: true },
    h("fieldset", {},
      h("legend", {}, "Several people per document"),
      h("p", { class: "muted" }, OVERLAP_EXPLAIN),
      h("div", { class: "field" }, h("label", { for: "overlap-share" }, "Share of documents (%)"), percent),
      h("div", { class: "field" }, h("label", { for: "overlap-answers" }, `Number of people for each of those documents (${MIN_PEOPLE} to ${MAX_PEOPLE})`), people)),
    save,
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const read = readOverlap(percent.value, people.value);
    if (!read.ok) {
      show(`Not saved: ${read.problem}`, "error", read.field);
      inputs[read.field].focus();
      return;
    }
    save.setAttribute("disabled", "");
    show("Saving…", null);
    try {
      const updated = await api.updateSettings(project.id, { overlapShare: read.overlapShare, overlapAnswers: read.overlapAnswers });
      project.overlapShare = updated.overlapShare;
      project.overlapAnswers = updated.overlapAnswers;
      percent.value = percentText(updated.overlapShare);
      people.value = String(updated.overlapAnswers);
      show(overlapSaved(updated.overlapShare, updated.overlapAnswers), "ok");
    } catch (e) {
      const field = e instanceof ApiError ? ("overlapShare" in e.fieldErrors ? "share" : "overlapAnswers" in e.fieldErrors ? "people" : undefined) : undefined;
      show(e instanceof ApiError ? `Not saved: ${e.message}` : "Not saved: Tagloop could not be reached. Check that it is still running, then try again.", "error", field);
    } finally {
      save.removeAttribute("disabled");
    }
  });
  return form;
}

/** Deleting the project, confirmed by typing its name: there is no undo. */
function deleteForm(context: ProjectContext): HTMLElement {
  const { project } = context;
  const confirmation = h("input", { id: "delete-confirm", testid: "delete-confirm", autocomplete: "off" }) as HTMLInputElement;
  const remove = h("button", { type: "submit", class: "button danger", testid: "delete-project", disabled: true }, "Delete this project") as HTMLButtonElement;
  const status = h("p", { class: "status", testid: "delete-status", role: "status", "aria-live": "polite" });
  const stats = context.stats();
  const what = stats ? `its ${stats.total.toLocaleString()} documents, ${stats.annotations.toLocaleString()} answers` : "its documents, answers";
  const form = h("form", { class: "form settings danger-zone", testid: "delete-form" },
    h("fieldset", {},
      h("legend", {}, "Delete this project"),
      h("p", { class: "muted" }, `This deletes the project with ${what}, its model and its history, for everyone. It cannot be undone: export the labels first if you may need them.`),
      h("div", { class: "field" }, h("label", { for: "delete-confirm" }, "Type the project's name to confirm"), confirmation)),
    remove,
    status);
  confirmation.addEventListener("input", () => { remove.disabled = confirmation.value.trim() !== project.name; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (confirmation.value.trim() !== project.name) return;
    remove.disabled = true;
    status.className = "status";
    status.textContent = "Deleting…";
    try {
      await api.deleteProject(project.id);
      location.hash = "#/";
    } catch (e) {
      status.className = "status error";
      status.textContent = e instanceof ApiError ? `Not deleted: ${e.message}` : "Not deleted: Tagloop could not be reached. Check that it is still running, then try again.";
      remove.disabled = false;
    }
  });
  return form;
}

interface ChoiceFormOptions {
  field: "strategy" | "encoder";
  legend: string;
  intro: string;
  choices: Choice[];
  current: () => string;
  save: (name: string) => Promise<string>;
}

function choiceForm(options: ChoiceFormOptions): HTMLElement {
  const { field } = options;
  const status = h("p", { class: "status", testid: `${field}-status`, role: "status", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "button primary", testid: `${field}-save` }, "Save");
  const show = (text: string, kind: "ok" | "error" | null) => {
    status.textContent = text;
    status.className = kind ? `status ${kind}` : "status";
  };
  const form = h("form", { class: "settings", testid: `${field}-form` },
    h("fieldset", {},
      h("legend", {}, options.legend),
      h("p", { class: "muted" }, options.intro),
      h("div", { class: "choices" }, ...options.choices.map((c) => choiceOption(field, c, c.name === options.current())))),
    save,
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>(`input[name=${field}]:checked`)?.value;
    if (!chosen || chosen === options.current()) {
      show("Nothing changed: this is already the project's setting.", null);
      return;
    }
    save.setAttribute("disabled", "");
    show("Saving…", null);
    try {
      show(await options.save(chosen), "ok");
    } catch (e) {
      show(e instanceof ApiError ? `Not saved: ${e.message}` : "Not saved: Tagloop could not be reached. Check that it is still running, then try again.", "error");
    } finally {
      save.removeAttribute("disabled");
    }
  });
  return form;
}

function titleOf(choices: Choice[], name: string): string {
  return choices.find((c) => c.name === name)?.title ?? name;
}

/** A radio choice with its title and plain-words description (both rendered as text). */
export function choiceOption(field: string, choice: Choice, checked: boolean): HTMLElement {
  const input = h("input", { type: "radio", name: field, value: choice.name, testid: `${field}-${choice.name}` }) as HTMLInputElement;
  input.checked = checked;
  return h("label", { class: "choice" },
    input,
    h("span", {},
      h("strong", {}, choice.title),
      choice.isDefault ? h("span", { class: "muted" }, " (default)") : null,
      h("br", {}),
      h("span", { class: "muted" }, choice.description)));
}
