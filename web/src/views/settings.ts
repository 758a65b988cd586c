import { api, ApiError, type Strategy } from "../api/client";
import { h, replace } from "../dom";
import type { ProjectContext } from "./project";

/** The project's settings: how the model picks the next document. */
export async function settingsView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const strategies = await api.strategies();
  let current = project.strategy;
  const status = h("p", { class: "muted", testid: "settings-status", role: "status" });
  const options = strategies.map((s) => strategyOption(s, s.name === current));
  const save = h("button", { type: "submit", testid: "strategy-save" }, "Save");
  const form = h("form", { class: "settings", testid: "settings-form" },
    h("fieldset", {},
      h("legend", {}, "Which document should come next?"),
      h("p", { class: "muted" },
        "While you label, a model learns from your answers and picks the document it expects to learn most from. ",
        "The default was chosen because it needed the fewest labels on six public datasets; change it if your data behaves differently."),
      ...options),
    save,
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>("input[name=strategy]:checked")?.value;
    if (!chosen || chosen === current) {
      status.textContent = "Nothing changed.";
      return;
    }
    save.setAttribute("disabled", "");
    status.textContent = "Saving…";
    try {
      const updated = await api.updateSettings(project.id, { strategy: chosen });
      current = updated.strategy;
      project.strategy = updated.strategy;
      const title = strategies.find((s) => s.name === current)?.title ?? current;
      status.textContent = `Saved. The next documents are picked by “${title}”.`;
    } catch (e) {
      status.textContent = e instanceof ApiError ? e.message : "Could not save the setting.";
    } finally {
      save.removeAttribute("disabled");
    }
  });
  replace(body, form);
}

function strategyOption(strategy: Strategy, checked: boolean): HTMLElement {
  const input = h("input", { type: "radio", name: "strategy", value: strategy.name, testid: `strategy-${strategy.name}` }) as HTMLInputElement;
  input.checked = checked;
  return h("label", { class: "choice" },
    input,
    h("span", {},
      h("strong", {}, strategy.title),
      strategy.isDefault ? h("span", { class: "muted" }, " (default)") : null,
      h("br", {}),
      h("span", { class: "muted" }, strategy.description)));
}
