import { api } from "../api/client";
import { h, replace } from "../dom";
import { count, plural } from "./parts";

/** The list of projects; `current` says whether the page still wants it once it has loaded (no newer navigation). */
export async function projectsView(app: HTMLElement, current: () => boolean = () => true): Promise<void> {
  const projects = await api.projects();
  if (!current()) return;
  const head = h("div", { class: "page-head" }, h("h1", {}, "Projects"), h("a", { class: "button primary", href: "#/new" }, "New project"));
  if (projects.length === 0) {
    replace(app, head, h("div", { class: "empty-state" },
      h("h2", {}, "No projects yet"),
      h("p", {}, "A project holds the texts to label and the labels to choose from. Create one, then import your texts."),
      h("a", { class: "button primary", href: "#/new" }, "Create the first project")));
    return;
  }
  const cards = projects.map((p) => {
    const progress = h("div", { class: "card-progress muted small" }, plural(p.documents, "document"));
    const card = h("li", {},
      h("a", { class: "card", href: `#/projects/${p.id}/annotate` },
        h("strong", { class: "card-title" }, p.name),
        h("span", { class: "muted small" }, p.multiLabel ? "Several labels per text" : "One label per text", ` · ${plural(p.labels.length, "label")}: ${p.labels.map((l) => l.name).join(", ")}`),
        progress));
    // Each card's figures come in on their own, so that the list shows at once.
    void api.stats(Number(p.id)).then((s) => {
      const bar = h("progress", { max: 1, value: s.total ? s.labelled / s.total : 0, "aria-hidden": "true" });
      if (s.total === 0) replace(progress, "No documents yet: import some to start.");
      else replace(progress, bar, `${count(s.labelled)} of ${plural(s.total, "document")} labelled`, s.flagged ? ` · ${count(s.flagged)} flagged` : "");
    }, () => undefined);
    return card;
  });
  replace(app, head, h("ul", { class: "cards" }, ...cards));
}
