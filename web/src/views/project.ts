import { api, type Project } from "../api/client";
import { h, replace } from "../dom";
import { annotateView } from "./annotate";
import { browseView } from "./browse";
import { documentView } from "./document";
import { importView } from "./import";
import { exportView } from "./export";

const tabs = [
  ["annotate", "Annotate"],
  ["browse", "Browse"],
  ["import", "Import"],
  ["export", "Export"],
] as const;

/** The project page: its name, tabs, and the chosen tab's view. Returns a teardown for key handlers. */
export async function projectView(app: HTMLElement, id: number, tab: string, detail?: string): Promise<(() => void) | undefined> {
  const project: Project = await api.project(id);
  const body = h("section", { class: "tab-body" });
  const active = tab === "documents" ? "browse" : tab;
  replace(
    app,
    h("div", { class: "page-head" },
      h("h1", {}, project.name),
      h("span", { class: "muted" }, `${project.multiLabel ? "Multi-label" : "Single-label"} · ${Number(project.documents).toLocaleString()} documents`)),
    h("nav", { class: "tabs", "aria-label": "Project" },
      ...tabs.map(([name, title]) =>
        h("a", { href: `#/projects/${id}/${name}`, testid: `tab-${name}`, class: name === active ? "tab active" : "tab", "aria-current": name === active ? "page" : undefined }, title))),
    body,
  );
  switch (tab) {
    case "browse":
      await browseView(body, project);
      return undefined;
    case "documents":
      return documentView(body, project, Number(detail));
    case "import":
      importView(body, project);
      return undefined;
    case "export":
      exportView(body, project);
      return undefined;
    default:
      return annotateView(body, project);
  }
}
