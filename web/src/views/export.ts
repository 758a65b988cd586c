import { api, type ExportFormat } from "../api/client";
import { h, replace } from "../dom";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";

export function exportView(body: HTMLElement, context: ProjectContext): void {
  const { project } = context;
  const stats = context.stats();
  const link = (format: ExportFormat, title: string, note: string, raw = false) =>
    h("li", { class: "export-choice" },
      h("a", { class: "button", href: api.exportUrl(project.id, format, raw), download: "", testid: `export-${format}${raw ? "-raw" : ""}` }, `Download ${title}`),
      h("span", { class: "muted" }, note));
  replace(
    body,
    h("p", {}, "Download the labels given so far: one row per answer, with who gave it, when, how long it took, flags and notes, and each document’s text and details."),
    stats
      ? h("p", { class: "muted" }, stats.annotations
          ? `So far: ${count(stats.labelled)} of ${plural(stats.total, "document")} labelled, ${plural(stats.skipped, "document")} skipped.`
          : "Nothing is labelled yet, so the files would be empty.")
      : null,
    h("ul", { class: "plain" },
      link("jsonl", "JSON Lines", "One JSON object per line. The best choice for training a model in code."),
      link("csv", "CSV", "A table that opens in Excel, LibreOffice or Google Sheets. A cell that starts with =, +, - or @, which a spreadsheet would run as a formula, begins with an apostrophe, so opening the file is safe."),
      link("csv", "raw CSV", "Every cell exactly as stored, for programs rather than spreadsheets. Don’t open it in a spreadsheet if the texts come from people you don’t trust.", true),
      link("prodigy", "Prodigy", "Tasks with accept/ignore answers, for Prodigy and tools that read its format."),
      link("label-studio", "Label Studio", "Tasks with each annotator’s choices, to import into a Label Studio project whose labelling config has <Choices name=\"label\" toName=\"text\">."),
      link("doccano", "doccano", "Text classification JSONL, as doccano imports it."),
      link("argilla", "Argilla / Hugging Face", "Records with text, label and metadata, for Argilla or a Hugging Face dataset."),
      link("spacy", "spaCy", "Text classification JSONL with a score for every label (cats), for training a spaCy text classifier.")),
  );
}
