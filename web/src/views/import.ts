import { api, ApiError, uploadDocuments, type ImportLineError, type ImportResult, type ImportRun } from "../api/client";
import { contentType, csvHeader, findColumn, guessFormat, labelColumnNames, textColumnNames, type Format } from "../csv";
import { h, replace } from "../dom";
import { deleteImportSentence, importName } from "../taxonomy";
import { confirmBox, focusConfirm } from "./confirm";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";

const SAMPLE_BYTES = 64 * 1024;

export function importView(body: HTMLElement, context: ProjectContext): void {
  const { project } = context;
  const file = h("input", { type: "file", id: "import-file", testid: "import-file", accept: ".csv,.jsonl,.ndjson,.json,.txt,text/csv,text/plain,application/json" });
  const fileInfo = h("div", { class: "muted small" });
  const format = h("select", { id: "import-format", testid: "import-format" },
    h("option", { value: "csv" }, "CSV — a table with a header row"),
    h("option", { value: "jsonl" }, "JSON Lines — one {\"text\": …} per line"),
    h("option", { value: "json" }, "JSON — an array of records (any of the tools below)"),
    h("option", { value: "label-studio" }, "Label Studio — tasks exported as JSON"),
    h("option", { value: "doccano" }, "doccano — text classification JSONL"),
    h("option", { value: "argilla" }, "Argilla or Hugging Face — records"),
    h("option", { value: "spacy" }, "spaCy — text classification JSONL (cats)"),
    h("option", { value: "prodigy" }, "Prodigy — tasks exported from Prodigy"),
    h("option", { value: "text" }, "Plain text — one document per line"));
  const textColumn = h("select", { id: "import-text-column", testid: "import-text-column" });
  const labelColumn = h("select", { id: "import-label-column", testid: "import-label-column" });
  const csvOptions = h("div", { class: "field-group", hidden: true },
    h("div", { class: "field" }, h("label", { for: "import-text-column" }, "Column with the text"), textColumn),
    h("div", { class: "field" }, h("label", { for: "import-label-column" }, "Column with labels already given (optional)"), labelColumn),
    h("p", { class: "muted small" }, "The other columns are kept as the documents’ details."));
  const skipInvalid = h("input", { type: "checkbox", id: "import-skip-invalid", testid: "import-skip-invalid" });
  const submit = h("button", { type: "submit", class: "button primary", testid: "import-submit", disabled: true }, "Import");
  const bar = h("progress", { max: 1, value: 0 });
  const barText = h("span", { class: "muted small" });
  const barRow = h("div", { class: "upload-progress", hidden: true }, bar, barText);
  const result = h("div", { testid: "import-result", class: "import-result", role: "status", "aria-live": "polite" });
  let header: string[] = [];
  let uploading = false;

  const chosenFile = () => file.files?.[0];

  const showColumns = () => {
    csvOptions.hidden = format.value !== "csv" || !chosenFile();
    if (csvOptions.hidden) return;
    // Never a guess: with no column named like text, the user picks (an id column taken for the text would import "1", "2", …).
    const text = findColumn(header, textColumnNames);
    replace(textColumn,
      ...(text === undefined ? [h("option", { value: "", selected: true, disabled: true }, "Choose the column with the text…")] : []),
      ...header.map((c) => h("option", { value: c, selected: c === text }, c || "(no name)")));
    const label = findColumn(header, labelColumnNames);
    replace(labelColumn, h("option", { value: "" }, "None: the texts have no labels yet"), ...header.map((c) => h("option", { value: c, selected: c === label }, c || "(no name)")));
  };

  const updateSubmit = () => {
    submit.disabled = uploading || !chosenFile() || (format.value === "csv" && (header.length === 0 || textColumn.value === ""));
  };

  file.addEventListener("change", async () => {
    const chosen = chosenFile();
    replace(result);
    header = [];
    replace(fileInfo);
    if (chosen) {
      const head = await chosen.slice(0, SAMPLE_BYTES).text();
      format.value = guessFormat(chosen.name, head);
      header = csvHeader(head);
      replace(fileInfo, `${chosen.name} · ${size(chosen.size)}`);
    }
    showColumns();
    updateSubmit();
  });
  format.addEventListener("change", () => {
    showColumns();
    updateSubmit();
  });
  textColumn.addEventListener("change", updateSubmit);

  const form = h("form", { class: "form" },
    h("div", { class: "field" }, h("label", { for: "import-file" }, "File"), file, fileInfo),
    h("div", { class: "field" }, h("label", { for: "import-format" }, "Format"), format),
    csvOptions,
    h("label", { class: "inline" }, skipInvalid, " Skip invalid lines and import the rest"),
    h("div", { class: "actions" }, submit),
    barRow,
    result);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = chosenFile();
    if (!chosen || uploading) return;
    uploading = true;
    updateSubmit();
    barRow.hidden = false;
    bar.value = 0;
    replace(barText, "Uploading… 0%");
    replace(result);
    const f = format.value as Format;
    try {
      const r = await uploadDocuments(project.id, chosen, {
        format: f,
        textColumn: f === "csv" ? textColumn.value : undefined,
        labelColumn: f === "csv" ? labelColumn.value : undefined,
        skipInvalid: skipInvalid.checked,
        fileName: chosen.name,
      }, contentType(f), (fraction) => {
        bar.value = fraction;
        replace(barText, fraction >= 1 ? "Uploaded. Checking and saving the documents…" : `Uploading… ${Math.floor(fraction * 100)}%`);
      });
      replace(result, ...imported(r, project.id));
      void context.refreshStats().catch(() => undefined);
      void imports.load();
    } catch (error) {
      replace(result, ...rejected(error));
    } finally {
      uploading = false;
      barRow.hidden = true;
      updateSubmit();
    }
  });

  const imports = importList(context);
  replace(body, h("div", { class: "columns" },
    h("div", {},
      h("p", {}, "Add the texts to label. Each line of the file (or each row of a CSV table) becomes one document."),
      form),
    h("aside", { class: "side-note" },
      h("h3", {}, "Good to know"),
      h("ul", {},
        h("li", {}, "A file with mistakes is not imported at all, so nothing is half done. Tick “Skip invalid lines” to import the good lines anyway."),
        h("li", {}, "A text that is already in the project is left out, so importing the same file twice is harmless."),
        h("li", {}, "Labels in the file must be labels of this project; they count as answers by “import”."),
        h("li", {}, "JSON Lines: ", h("code", {}, "{\"text\": \"…\", \"label\": \"…\", \"meta\": {…}}"), " per line; label and meta are optional."),
        h("li", {}, "An import can be taken back: “Delete this import” in the list below deletes the documents it brought.")))),
    imports.element);
  void imports.load();
}

/** The project's imports, newest first, each with what it brought and a way to delete it (asked first). */
function importList(context: ProjectContext): { element: HTMLElement; load: () => Promise<void> } {
  const { project } = context;
  const rows = h("tbody");
  const status = h("p", { class: "status", testid: "imports-status", role: "status", "aria-live": "polite", tabindex: -1 });
  const table = h("table", { class: "imports-table", testid: "imports" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "File"), h("th", { scope: "col" }, "Format"), h("th", { scope: "col" }, "When"),
      h("th", { scope: "col", class: "num" }, "Documents"), h("th", { scope: "col", class: "num" }, "Answered"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
    rows);
  const empty = h("p", { class: "muted" }, "Nothing has been imported into this project yet.");
  let runs: ImportRun[] = [];
  let confirming: number | undefined;

  const render = () => {
    table.hidden = runs.length === 0;
    empty.hidden = runs.length > 0;
    replace(rows, ...runs.flatMap((run) => {
      const running = run.state !== "completed";
      const remove = h("button", {
        type: "button", class: "button small danger-quiet", testid: "import-delete", disabled: running,
        title: running ? "Still importing: wait for it to finish." : undefined,
        "aria-expanded": confirming === run.id ? "true" : undefined,
        onclick: () => { confirming = run.id; render(); focusConfirm(rows); },
      }, "Delete this import");
      const row = h("tr", { testid: "import-row", "data-import-id": run.id },
        h("td", { class: "name" }, importName(run)),
        h("td", {}, run.format ?? "—"),
        h("td", {}, new Date(run.finishedAt ?? run.startedAt).toLocaleString(), running ? h("span", { class: "muted" }, " (still importing)") : null),
        h("td", { class: "num" }, count(run.documents)),
        h("td", { class: "num" }, count(run.answered)),
        h("td", {}, remove));
      if (confirming !== run.id) return [row];
      const box = confirmBox({
        testid: "import-delete-confirm",
        sentence: deleteImportSentence(run),
        confirm: "Delete this import",
        run: async () => {
          let deleted: number;
          try {
            ({ deleted } = await api.deleteImport(project.id, run.id));
          } catch (error) {
            throw new Error(`Not deleted: ${error instanceof ApiError ? error.message : "Tagloop could not be reached. Check that it is still running, then try again."}`);
          }
          confirming = undefined;
          await load();
          status.className = "status ok";
          replace(status, `Deleted ${importName(run)}: ${plural(deleted, "document")} went with it.`);
          status.focus();
          void context.refreshStats().catch(() => undefined);
        },
        onCancel: () => {
          confirming = undefined;
          render();
          rows.querySelector<HTMLElement>(`[data-import-id="${run.id}"] [data-testid=import-delete]`)?.focus();
        },
      });
      return [row, h("tr", { class: "confirm-row" }, h("td", { colspan: 6 }, box))];
    }));
  };

  const load = async () => {
    try {
      runs = await api.imports(project.id);
      if (!runs.some((r) => r.id === confirming)) confirming = undefined;
      render();
    } catch (error) {
      status.className = "status error";
      replace(status, `The list of imports could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const element = h("section", { class: "imports", testid: "imports-section" },
    h("h2", {}, "Imports so far"),
    h("p", { class: "muted small" }, "Deleting an import deletes every document it brought, with the answers given to them."),
    empty, table, status);
  return { element, load };
}

function imported(r: ImportResult, projectId: number): Node[] {
  const left: string[] = [];
  if (r.duplicates) left.push(`${plural(r.duplicates, "duplicate")} (already in the project or twice in the file)`);
  if (r.errorCount) left.push(`${plural(r.errorCount, "invalid line")}`);
  const other = Number(r.skipped) - Number(r.duplicates) - Number(r.errorCount);
  if (other > 0) left.push(`${plural(other, "empty line")}`);
  return [
    h("p", { class: "ok" }, h("strong", {}, `Imported ${plural(r.imported, "document")}.`),
      r.labelled ? ` ${count(r.labelled)} of them already have labels.` : ""),
    left.length ? h("p", {}, `Left out ${plural(r.skipped, "line")}: ${left.join(", ")}.`) : null,
    r.errors.length ? errorList(r.errors, r.errorCount) : null,
    h("p", {}, h("a", { class: "button primary", href: `#/projects/${projectId}/annotate` }, "Start annotating"), " ",
      h("a", { class: "button", href: `#/projects/${projectId}/browse` }, "See the documents")),
  ].filter((n): n is HTMLElement => n !== null);
}

function rejected(error: unknown): Node[] {
  if (!(error instanceof ApiError)) return [h("p", { class: "error" }, error instanceof Error ? error.message : String(error))];
  const lines = Array.isArray(error.problem.errors) ? error.problem.errors : [];
  if (lines.length === 0) {
    const tooLarge = error.problem.status === 413;
    return [h("p", { class: "error" }, tooLarge ? `The file is too large for the server. ${error.message}` : `Nothing was imported. ${error.message}`)];
  }
  const total = error.problem.errorCount ?? lines.length;
  return [
    h("p", { class: "error" }, h("strong", {}, "Nothing was imported."),
      ` ${plural(total, "line")} ${total === 1 ? "has a problem" : "have problems"}. Fix ${total === 1 ? "it" : "these lines"} or tick “Skip invalid lines”.`),
    errorList(lines, total),
  ];
}

function errorList(errors: ImportLineError[], total: number): HTMLElement {
  return h("div", { class: "line-errors" },
    h("ul", {}, ...errors.map((e) => h("li", {}, h("strong", {}, `Line ${count(e.line)}: `), e.message))),
    total > errors.length ? h("p", { class: "muted" }, `…and ${count(total - errors.length)} more.`) : null);
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
