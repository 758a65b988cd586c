import { api, ApiError, type Encoder, type Strategy } from "../api/client";
import { h, replace } from "../dom";
import type { ProjectContext } from "./project";

type Choice = Strategy | Encoder;

/** The project's settings: how the model picks the next document, and what it reads documents with. */
export async function settingsView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const [strategies, encoders] = await Promise.all([api.strategies(), api.encoders()]);

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

  replace(body, strategyForm, encoderForm);
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
