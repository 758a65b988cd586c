import { ApiError, uploadDocuments, type ImportLineError, type Project } from "../api/client";
import { contentType, csvHeader, guessFormat, type Format } from "../csv";
import { h, replace } from "../dom";

export function importView(body: HTMLElement, project: Project): void {
  const file = h("input", { type: "file", id: "import-file", testid: "import-file", accept: ".csv,.jsonl,.ndjson,.json,.txt" });
  const format = h("select", { id: "import-format", testid: "import-format" },
    h("option", { value: "csv" }, "CSV (a header row, one text column)"),
    h("option", { value: "jsonl" }, "JSON Lines ({\"text\": …} per line)"),
    h("option", { value: "prodigy" }, "Prodigy tasks (JSON Lines)"),
    h("option", { value: "text" }, "Plain text (one document per line)"));
  const textColumn = h("select", { id: "import-text-column", testid: "import-text-column" });
  const labelColumn = h("select", { id: "import-label-column" });
  const csvOptions = h("div", { class: "csv-options", hidden: true },
    h("label", { for: "import-text-column" }, "Column holding the text"), textColumn,
    h("label", { for: "import-label-column" }, "Column holding labels already given (optional)"), labelColumn);
  const skipInvalid = h("input", { type: "checkbox", id: "import-skip-invalid", testid: "import-skip-invalid" });
  const submit = h("button", { type: "submit", class: "button primary", testid: "import-submit", disabled: true }, "Import");
  const bar = h("progress", { max: 1, value: 0, hidden: true });
  const result = h("div", { testid: "import-result", role: "status", "aria-live": "polite" });

  const showColumns = async () => {
    const chosen = file.files?.[0];
    csvOptions.hidden = format.value !== "csv" || !chosen;
    if (!chosen || format.value !== "csv") return;
    const header = csvHeader(await chosen.slice(0, 64 * 1024).text());
    const guessText = header.find((c) => c.toLowerCase() === "text") ?? header[0];
    replace(textColumn, ...header.map((c) => h("option", { value: c, selected: c === guessText }, c)));
    const guessLabel = header.find((c) => c.toLowerCase() === "label");
    replace(labelColumn, h("option", { value: "" }, "(none)"), ...header.map((c) => h("option", { value: c, selected: c === guessLabel }, c)));
  };

  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    submit.disabled = !chosen;
    if (chosen) format.value = guessFormat(chosen.name);
    replace(result);
    await showColumns();
  });
  format.addEventListener("change", () => void showColumns());

  const form = h("form", { class: "form" },
    h("p", {}, "Add the texts to label. Each line (or CSV row) becomes one document. A file with mistakes is not imported at all unless you choose to skip the bad lines; exact duplicates are left out."),
    h("label", { for: "import-file" }, "File"), file,
    h("label", { for: "import-format" }, "Format"), format,
    csvOptions,
    h("label", { class: "inline" }, skipInvalid, " Skip invalid lines and import the rest"),
    submit, bar, result);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    submit.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    replace(result, "Uploading…");
    const f = format.value as Format;
    try {
      const r = await uploadDocuments(project.id, chosen, {
        format: f,
        textColumn: f === "csv" ? textColumn.value : undefined,
        labelColumn: f === "csv" ? labelColumn.value : undefined,
        skipInvalid: skipInvalid.checked,
      }, contentType(f), (fraction) => {
        bar.value = fraction;
        if (fraction >= 1) replace(result, "Checking and saving…");
      });
      bar.value = 1;
      replace(result,
        h("p", { class: "ok" }, `Imported ${r.imported.toLocaleString()} documents${r.labelled ? ` (${r.labelled.toLocaleString()} with labels)` : ""}.`),
        r.skipped ? h("p", {}, `Left out ${r.skipped.toLocaleString()} lines: ${r.duplicates.toLocaleString()} duplicates, ${r.errorCount.toLocaleString()} invalid.`) : null,
        r.errors.length ? errorList(r.errors, r.errorCount) : null,
        h("a", { class: "button", href: `#/projects/${project.id}/annotate` }, "Start annotating"));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const lines = Array.isArray(error.problem.errors) ? error.problem.errors : [];
      replace(result,
        h("p", { class: "error" }, lines.length ? "Nothing was imported. Fix these lines, or tick “Skip invalid lines”." : error.message),
        lines.length ? errorList(lines, error.problem.errorCount ?? lines.length) : null);
    } finally {
      submit.disabled = false;
      bar.hidden = true;
    }
  });

  replace(body, form);
}

function errorList(errors: ImportLineError[], total: number): HTMLElement {
  return h("div", { class: "line-errors" },
    h("ul", {}, ...errors.map((e) => h("li", {}, h("strong", {}, `Line ${e.line}: `), e.message))),
    total > errors.length ? h("p", { class: "muted" }, `…and ${(total - errors.length).toLocaleString()} more.`) : null);
}
