import { api, type Project } from "../api/client";
import { h, replace } from "../dom";

export function exportView(body: HTMLElement, project: Project): void {
  const link = (format: "jsonl" | "csv" | "prodigy", title: string, note: string) =>
    h("li", {}, h("a", { class: "button", href: api.exportUrl(project.id, format), download: "", testid: `export-${format}` }, title), " ", h("span", { class: "muted" }, note));
  replace(
    body,
    h("p", {}, "Download every label given so far, with who gave it, when, how long it took, flags and the documents' metadata."),
    h("ul", { class: "plain" },
      link("jsonl", "JSON Lines", "one JSON object per answer; the best choice for training code"),
      link("csv", "CSV", "opens in a spreadsheet"),
      link("prodigy", "Prodigy", "tasks with accept/ignore answers")),
  );
}
