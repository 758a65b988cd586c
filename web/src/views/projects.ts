import { api } from "../api/client";
import { h, replace } from "../dom";

export async function projectsView(app: HTMLElement): Promise<void> {
  const projects = await api.projects();
  replace(
    app,
    h("div", { class: "page-head" }, h("h1", {}, "Projects"), h("a", { class: "button primary", href: "#/new" }, "New project")),
    projects.length === 0
      ? h("p", { class: "empty" }, "No projects yet. Create one, then import the texts to label.")
      : h(
          "ul",
          { class: "cards" },
          ...projects.map((p) =>
            h(
              "li",
              {},
              h(
                "a",
                { class: "card", href: `#/projects/${p.id}/annotate` },
                h("strong", {}, p.name),
                h("span", { class: "muted" }, `${p.multiLabel ? "Multi-label" : "Single-label"} classification · ${Number(p.documents).toLocaleString()} documents`),
                h("span", { class: "muted" }, p.labels.map((l) => l.name).join(", ")),
              ),
            ),
          ),
        ),
  );
}
