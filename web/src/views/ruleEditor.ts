import { api, ApiError } from "../api/client";
import type { Rule, RuleDraft, RulePreview } from "../api/rules";
import { chip, h, replace } from "../dom";
import { Latest, type Outcome } from "../latest";
import {
  ACCURACY_RANGE_EXPLAIN, accuracyLine, addTerms, draftOf, formField, formFromQuery, formOf, KIND_WORDS, KINDS, overlapLine, sameDraft, share,
  termWords, TERMS_HINT, updateOf, type FormField, type RuleForm, type RuleKind,
} from "../rules";
import { statusLine } from "./accountParts";
import { confirmBox, focusConfirm } from "./confirm";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";
import { hitItem, pager, problemText, ruleLink, versionsTable } from "./ruleParts";

const PREVIEW_PAGE_SIZE = 10;

/** What the preview asks: the draft, the page of its documents, and whether the label was chosen (else the first one stands in). */
interface PreviewQuery {
  draft: RuleDraft;
  page: number;
  labelChosen: boolean;
}

const FIELDS: FormField[] = ["name", "label", "kind", "terms", "match", "caseSensitive", "pattern", "examples", "exampleDocumentIds", "threshold", "metaField", "metaValue"];

/**
 * The rule editor (a new rule when `initial` is null): the fields of the chosen kind, errors beside the field they
 * name, and beside them what the rule finds, updated while one types. Saved, it can be switched off and on, deleted,
 * and its versions are listed. Returns the teardown (stops the preview).
 */
export function ruleEditor(body: HTMLElement, context: ProjectContext, initial: Rule | null): () => void {
  const { project } = context;
  const labels = project.labels;
  let rule = initial;
  // A new rule can come with a start: the Explore tab's "New rule from this group" sends its kind and example documents.
  const form: RuleForm = initial ? formOf(initial) : formFromQuery(context.query, labels.map((l) => l.name));

  // ---- errors beside their field ----
  const errors = new Map<FormField, HTMLElement>();
  const controls = new Map<FormField, () => HTMLElement | null>();
  /** Fields whose error came from the preview: a later good preview clears them. */
  const fromPreview = new Set<FormField>();
  const errorSlot = (field: FormField) => {
    const el = h("div", { class: "field-error", id: `rule-${field}-error`, testid: `rule-${field}-error`, role: "alert", hidden: true });
    errors.set(field, el);
    return el;
  };
  const setError = (field: FormField, text: string | null) => {
    const el = errors.get(field);
    if (!el) return false;
    replace(el, text ?? "");
    el.hidden = !text;
    const control = controls.get(field)?.();
    control?.setAttribute("aria-invalid", text ? "true" : "false");
    if (!text) fromPreview.delete(field);
    return true;
  };
  const clearErrors = () => FIELDS.forEach((f) => setError(f, null));
  const focusField = (field: FormField) => controls.get(field)?.()?.focus();
  const describedBy = (field: FormField, hint = false) => `rule-${field}-error${hint ? ` rule-${field}-hint` : ""}`;

  // ---- name and label ----
  const name = h("input", { id: "rule-name", testid: "rule-name", maxlength: 100, autocomplete: "off", value: form.name, "aria-describedby": describedBy("name", true) }) as HTMLInputElement;
  controls.set("name", () => name);
  const labelSelect = h("select", { id: "rule-label", testid: "rule-label", "aria-describedby": describedBy("label", true) },
    h("option", { value: "" }, "Choose a label…"),
    ...labels.map((l) => h("option", { value: l.name }, l.name)),
    form.label && !labels.some((l) => l.name === form.label) ? h("option", { value: form.label, disabled: true }, `${form.label} (no longer exists)`) : null) as HTMLSelectElement;
  labelSelect.value = form.label;
  controls.set("label", () => labelSelect);

  // ---- kind ----
  const kindRadios = KINDS.map((k) => h("input", { type: "radio", name: "rule-kind", id: `rule-kind-${k}`, testid: `rule-kind-${k}`, value: k, checked: form.kind === k }) as HTMLInputElement);
  controls.set("kind", () => kindRadios.find((r) => r.checked) ?? kindRadios[0]);
  const kindField = h("fieldset", { class: "rule-kinds", "aria-describedby": describedBy("kind") },
    h("legend", {}, "How it finds documents"),
    h("div", { class: "choices" }, ...KINDS.map((k, i) => h("label", { class: "choice", for: `rule-kind-${k}` },
      kindRadios[i],
      h("span", {}, h("strong", {}, KIND_WORDS[k].title), h("span", { class: "small muted choice-explain" }, ` ${KIND_WORDS[k].explain}`))))),
    errorSlot("kind"));

  // ---- keywords ----
  const termList = h("ul", { class: "term-list", testid: "rule-terms", "aria-label": "Terms of the rule" });
  const termInput = h("input", { id: "rule-term-input", testid: "rule-term-input", maxlength: 20_000, autocomplete: "off", spellcheck: "false", placeholder: "refund*, money back", "aria-describedby": describedBy("terms", true) }) as HTMLInputElement;
  controls.set("terms", () => termInput);
  const termStatus = h("p", { class: "small muted term-status", testid: "rule-terms-status", role: "status", "aria-live": "polite" });
  const drawTerms = (focusIndex?: number) => {
    replace(termList, ...form.terms.map((term, i) => h("li", { class: "term-chip", testid: "rule-term", title: `Finds ${termWords(term)}` },
      h("span", { class: "term-text" }, term),
      h("button", {
        type: "button", class: "term-remove", testid: "rule-term-remove", "aria-label": `Remove “${term}”`,
        onclick: () => {
          form.terms.splice(i, 1);
          drawTerms(Math.min(i, form.terms.length - 1));
          replace(termStatus, `Removed “${term}”.`);
          changed("terms");
        },
      }, "×"))));
    termList.hidden = form.terms.length === 0;
    if (focusIndex !== undefined) {
      const buttons = termList.querySelectorAll<HTMLButtonElement>("button");
      (buttons[focusIndex] ?? termInput).focus();
    }
  };
  /** Adds what the terms box holds; false (with the reason beside the field) when it cannot. */
  const commitTerms = (): boolean => {
    if (!termInput.value.trim()) return true;
    const added = addTerms(form.terms, termInput.value, form.caseSensitive);
    if (!added.ok) {
      setError("terms", added.problem);
      return false;
    }
    form.terms = added.terms;
    termInput.value = "";
    setError("terms", null);
    drawTerms();
    replace(termStatus,
      added.added.length ? `Added ${added.added.map((t) => `“${t}”`).join(", ")}.` : "",
      added.repeated.length ? ` ${added.repeated.map((t) => `“${t}”`).join(", ")} ${added.repeated.length === 1 ? "is" : "are"} already in the list.` : "");
    return true;
  };
  termInput.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
    // Enter adds the term (and never saves the rule from here).
    event.preventDefault();
    if (commitTerms()) changed("terms");
  });
  termInput.addEventListener("input", () => {
    setError("terms", null);
    changed("terms");
  });
  const matchRadios = (["any", "all"] as const).map((m) => h("input", { type: "radio", name: "rule-match", id: `rule-match-${m}`, testid: `rule-match-${m}`, value: m, checked: form.match === m }) as HTMLInputElement);
  controls.set("match", () => matchRadios.find((r) => r.checked) ?? matchRadios[0]);
  const caseBoxes: HTMLInputElement[] = [];
  const caseBox = (testid: string) => {
    const box = h("input", { type: "checkbox", testid, checked: form.caseSensitive }) as HTMLInputElement;
    caseBoxes.push(box);
    box.addEventListener("change", () => {
      form.caseSensitive = box.checked;
      for (const other of caseBoxes) other.checked = box.checked;
      changed("caseSensitive");
    });
    return h("label", { class: "check" }, box, " Upper and lower case must be exactly as written");
  };
  const keywords = h("div", { class: "kind-fields", testid: "rule-keywords" },
    h("div", { class: "field" },
      h("label", { for: "rule-term-input" }, "Words and phrases"),
      h("div", { class: "small muted", id: "rule-terms-hint" }, TERMS_HINT),
      termList,
      h("div", { class: "term-add" },
        termInput,
        h("button", { type: "button", class: "button", testid: "rule-term-add", onclick: () => { if (commitTerms()) changed("terms"); termInput.focus(); } }, "Add")),
      errorSlot("terms"),
      termStatus),
    h("fieldset", { class: "inline-choices" },
      h("legend", {}, "A document is found when it has"),
      ...(["any", "all"] as const).map((m, i) => h("label", { class: "check", for: `rule-match-${m}` }, matchRadios[i], m === "any" ? " any of the terms (one is enough)" : " all of the terms")),
      errorSlot("match")),
    caseBox("rule-case"));

  // ---- regex ----
  const pattern = h("input", { id: "rule-pattern", testid: "rule-pattern", class: "mono", maxlength: 2000, autocomplete: "off", spellcheck: "false", value: form.pattern, placeholder: "\\brefund(s|ed)?\\b", "aria-describedby": describedBy("pattern", true) }) as HTMLInputElement;
  controls.set("pattern", () => pattern);
  const regex = h("div", { class: "kind-fields", testid: "rule-regex" },
    h("div", { class: "field" },
      h("label", { for: "rule-pattern" }, "Pattern"),
      h("div", { class: "small muted", id: "rule-pattern-hint" },
        "A regular expression (.NET), for what words cannot say: \\d{4} is four digits, (refund|repay)s? either word with or without an s, \\b the edge of a word. The preview shows at once what it finds."),
      pattern,
      errorSlot("pattern")),
    caseBox("rule-case-regex"));

  // ---- similar ----
  const exampleList = h("div", { class: "example-list", testid: "rule-examples" });
  const drawExamples = (focusIndex?: number) => {
    replace(exampleList, ...form.examples.map((text, i) => {
      const area = h("textarea", { class: "example", testid: "rule-example", rows: 3, maxlength: 10_000, "aria-label": `Example ${i + 1}`, "aria-describedby": describedBy("examples") }, text) as HTMLTextAreaElement;
      area.addEventListener("input", () => {
        form.examples[i] = area.value;
        setError("examples", null);
        changed("examples");
      });
      return h("div", { class: "example-row" }, area,
        form.examples.length > 1 ? h("button", {
          type: "button", class: "button small quiet", testid: "rule-example-remove", "aria-label": `Remove example ${i + 1}`,
          onclick: () => {
            form.examples.splice(i, 1);
            drawExamples(Math.min(i, form.examples.length - 1));
            changed("examples");
          },
        }, "Remove") : null);
    }));
    if (focusIndex !== undefined) exampleList.querySelectorAll("textarea")[focusIndex]?.focus();
  };
  controls.set("examples", () => exampleList.querySelector("textarea"));
  const exampleIds = h("input", { id: "rule-example-ids", testid: "rule-example-ids", autocomplete: "off", inputmode: "numeric", value: form.exampleDocumentIds, placeholder: "12, 15", "aria-describedby": describedBy("exampleDocumentIds", true) }) as HTMLInputElement;
  controls.set("exampleDocumentIds", () => exampleIds);
  const similar = h("div", { class: "kind-fields", testid: "rule-similar" },
    h("div", { class: "field" },
      h("span", { class: "field-title" }, "Example texts"),
      h("div", { class: "small muted" }, "Paste texts of the kind the rule should find (up to 50 examples in all)."),
      exampleList,
      h("button", {
        type: "button", class: "button small", testid: "rule-example-add",
        onclick: () => {
          form.examples.push("");
          drawExamples(form.examples.length - 1);
        },
      }, "Add another example"),
      errorSlot("examples")),
    h("div", { class: "field" },
      h("label", { for: "rule-example-ids" }, "Documents of the project as examples"),
      h("div", { class: "small muted", id: "rule-exampleDocumentIds-hint" }, "Their numbers, as Browse shows them, separated by commas."),
      exampleIds,
      errorSlot("exampleDocumentIds")));

  // ---- label description ----
  const descriptionNote = h("div", { class: "description-note", testid: "rule-description" });
  const drawDescription = () => {
    const label = labels.find((l) => l.name === form.label);
    if (!label) replace(descriptionNote, h("p", { class: "small muted" }, "Choose the label above: the rule finds documents that read like its description."));
    else if (!label.description?.trim()) replace(descriptionNote, h("p", { class: "small status hint" }, `The label “${label.name}” has no description yet. Owners write descriptions in Settings → Labels.`));
    else replace(descriptionNote, h("p", { class: "small" }, "Documents are compared with the description of ", chip(label.name, label.color), ":"), h("blockquote", { class: "description-text" }, label.description));
  };
  const labelDescription = h("div", { class: "kind-fields", testid: "rule-label-description" }, descriptionNote);

  // ---- threshold (similar and label description) ----
  const threshold = h("input", { type: "number", id: "rule-threshold", testid: "rule-threshold", min: 0.05, max: 1, step: 0.05, value: form.threshold, "aria-describedby": describedBy("threshold", true) }) as HTMLInputElement;
  controls.set("threshold", () => threshold);
  const thresholdField = h("div", { class: "field threshold-field", testid: "rule-threshold-field" },
    h("label", { for: "rule-threshold" }, "How alike (0 to 1)"),
    h("div", { class: "small muted", id: "rule-threshold-hint" }, "0.5 finds documents loosely alike; 0.8 only those with nearly the same wording. Watch the preview as you change it."),
    threshold,
    errorSlot("threshold"));

  // ---- metadata ----
  const metaField = h("input", { id: "rule-metaField", testid: "rule-meta-field", maxlength: 200, autocomplete: "off", value: form.metaField, "aria-describedby": describedBy("metaField", true) }) as HTMLInputElement;
  const metaValue = h("input", { id: "rule-metaValue", testid: "rule-meta-value", maxlength: 200, autocomplete: "off", value: form.metaValue, "aria-describedby": describedBy("metaValue") }) as HTMLInputElement;
  controls.set("metaField", () => metaField);
  controls.set("metaValue", () => metaValue);
  const metadata = h("div", { class: "kind-fields field-row", testid: "rule-metadata" },
    h("div", { class: "field" }, h("label", { for: "rule-metaField" }, "Metadata field"), h("div", { class: "small muted", id: "rule-metaField-hint" }, "As in the documents’ details, such as source."), metaField, errorSlot("metaField")),
    h("div", { class: "field" }, h("label", { for: "rule-metaValue" }, "has the value"), h("div", { class: "small muted" }, "Exactly, such as helpdesk."), metaValue, errorSlot("metaValue")));

  const sections: Record<RuleKind, HTMLElement> = { keywords, regex, similar, "label-description": labelDescription, metadata };
  const showKind = () => {
    for (const k of KINDS) sections[k].hidden = form.kind !== k;
    thresholdField.hidden = form.kind !== "similar" && form.kind !== "label-description";
  };

  // ---- header, actions, status ----
  const title = h("h2", { testid: "rule-title" });
  const meta = h("p", { class: "small muted", testid: "rule-meta" });
  const save = h("button", { type: "submit", class: "button primary", testid: "rule-save" }) as HTMLButtonElement;
  const toggleButton = h("button", { type: "button", class: "button", testid: "rule-toggle", onclick: () => void toggle() }) as HTMLButtonElement;
  const deleteButton = h("button", { type: "button", class: "button danger-quiet", testid: "rule-delete", onclick: () => openDelete() }, "Delete…") as HTMLButtonElement;
  const status = statusLine("rule-status");
  const conflict = h("div", { class: "rule-conflict", testid: "rule-conflict", role: "alert", hidden: true });
  const confirmSlot = h("div", { class: "rule-confirm" });
  const versions = h("section", { class: "rule-versions-section", testid: "rule-versions-section" });

  const drawHead = () => {
    replace(title, rule ? `Rule “${rule.name}”` : "New rule");
    replace(meta, rule
      ? `${rule.enabled ? "Switched on" : "Switched off"} · version ${rule.version}, last changed by ${rule.updatedBy} on ${new Date(rule.updatedAt).toLocaleString()}${rule.note ? ` · ${rule.note}` : ""}`
      : "It votes for its label on every document it finds, once saved.");
    replace(save, rule ? "Save changes" : "Save rule");
    toggleButton.hidden = deleteButton.hidden = !rule;
    if (rule) replace(toggleButton, rule.enabled ? "Switch off" : "Switch on");
    toggleButton.title = rule?.enabled ? "It stops voting; you can still edit it and see what it finds" : "It votes again";
    versions.hidden = !rule;
  };

  const loadVersions = async () => {
    if (!rule) return;
    const ruleId = rule.id;
    try {
      const list = (await api.ruleVersions(project.id, ruleId)).versions;
      if (rule?.id === ruleId) replace(versions, h("h3", {}, "Versions"), versionsTable(list));
    } catch (error) {
      replace(versions, h("h3", {}, "Versions"), h("p", { class: "error" }, `The versions could not be loaded: ${problemText(error)}`));
    }
  };

  /** A 409: someone changed the rule since it was read. The form keeps what was typed. */
  const showConflict = (error: ApiError, what: string) => {
    conflict.hidden = false;
    replace(conflict,
      h("p", {}, h("strong", {}, `${what}: someone else changed this rule after you opened it.`), ` ${error.message}`),
      h("p", { class: "small" }, "What you typed is still in the form. Copy what you want to keep, then load the latest version (it replaces the form)."),
      h("button", {
        type: "button", class: "button", testid: "rule-reload",
        onclick: () => window.dispatchEvent(new HashChangeEvent("hashchange")),
      }, "Load the latest version"));
    conflict.querySelector("button")?.focus();
  };

  /** Shows a refused request's problems beside their fields; what names no field goes to the status line. */
  const showProblems = (error: unknown, what: string, preview: boolean): string[] => {
    const leftover: string[] = [];
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    let first: FormField | null = null;
    for (const [key, messages] of Object.entries(fieldErrors)) {
      const field = formField(key) as FormField;
      const shown = FIELDS.includes(field) && setError(field, messages.join(" "));
      if (shown) {
        first ??= field;
        if (preview) fromPreview.add(field);
      } else {
        leftover.push(...messages);
      }
    }
    if (!preview) {
      if (first) focusField(first);
      status.show(leftover.length ? `${what}: ${leftover.join(" ")}` : first ? `${what}: see the message beside the field.` : `${what}: ${problemText(error)}`, "error");
    }
    return leftover;
  };

  const saveNow = async () => {
    conflict.hidden = true;
    if (!commitTerms()) {
      status.show("Not saved: see the message beside the terms.", "error");
      focusField("terms");
      return;
    }
    clearErrors();
    const outcome = draftOf(form, labels, "save");
    if (!outcome.ok) {
      setError(outcome.field, outcome.problem);
      focusField(outcome.field);
      status.show("Not saved: see the message beside the field.", "error");
      return;
    }
    save.disabled = true;
    status.show("Saving…");
    try {
      const before = rule;
      const saved = before
        ? await api.updateRule(project.id, before.id, updateOf(outcome.draft, before.version))
        : await api.addRule(project.id, { ...outcome.draft, enabled: true });
      rule = saved;
      if (!before) history.replaceState(null, "", ruleLink(project.id, saved.id));
      drawHead();
      void loadVersions();
      status.show(!before ? `Saved “${saved.name}”: it votes from now on.` : saved.version === before.version ? "Nothing had changed." : `Saved as version ${saved.version}.`, "ok");
      document.title = `${project.name} · Rule ${saved.name} · Tagloop`;
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 409 && rule) {
        status.show("Not saved.", "error");
        showConflict(error, "Not saved");
      } else {
        showProblems(error, "Not saved", false);
      }
    } finally {
      save.disabled = false;
    }
  };

  const toggle = async () => {
    if (!rule) return;
    conflict.hidden = true;
    const current = rule;
    toggleButton.disabled = true;
    status.show(current.enabled ? "Switching off…" : "Switching on…");
    try {
      rule = await api.updateRule(project.id, current.id, { enabled: !current.enabled, version: current.version });
      drawHead();
      void loadVersions();
      status.show(rule.enabled ? "Switched on: it votes again." : "Switched off: it no longer votes. You can still change it and see what it would find.", "ok");
      toggleButton.focus();
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 409) {
        status.show("Not switched.", "error");
        showConflict(error, current.enabled ? "Not switched off" : "Not switched on");
      } else {
        showProblems(error, current.enabled ? "Not switched off" : "Not switched on", false);
      }
    } finally {
      toggleButton.disabled = false;
    }
  };

  const closeDelete = () => {
    replace(confirmSlot);
    deleteButton.focus();
  };
  const openDelete = () => {
    if (!rule) return;
    const doomed = rule;
    const box = confirmBox({
      testid: "rule-delete-confirm",
      sentence: `Delete the rule “${doomed.name}” and its ${plural(doomed.version, "version")}? It stops voting at once. Documents and people’s answers are not touched.`,
      confirm: "Delete the rule",
      run: async () => {
        await api.deleteRule(project.id, doomed.id).catch((error: unknown) => {
          throw new Error(`Not deleted: ${problemText(error)}`);
        });
        location.hash = ruleLink(project.id, undefined, { deleted: doomed.name });
      },
      onCancel: closeDelete,
    });
    replace(confirmSlot, box);
    focusConfirm(box);
  };

  // ---- the preview ----
  const previewBusy = h("span", { class: "small muted preview-busy", testid: "rule-preview-busy", hidden: true }, "Updating…");
  const previewHint = h("p", { class: "small muted", testid: "rule-preview-hint" });
  const previewFigures = h("div", { class: "preview-figures", testid: "rule-preview-figures", "aria-live": "polite" });
  const previewError = h("p", { class: "error", role: "alert", testid: "rule-preview-error", hidden: true });
  const previewList = h("ol", { class: "rule-hits", testid: "rule-preview-list" });
  const previewPager = h("nav", { class: "pager", "aria-label": "Pages of documents found" });
  const preview = h("aside", { class: "rule-preview", testid: "rule-preview", "aria-label": "What this rule finds" },
    h("div", { class: "panel-head" }, h("h3", {}, "What this rule finds"), previewBusy),
    previewHint, previewError, previewFigures, previewList, previewPager);

  let lastQuery: PreviewQuery | null = null;
  const latest = new Latest<PreviewQuery, RulePreview>({
    run: (q, signal) => api.previewRule(project.id, q.draft, q.page, PREVIEW_PAGE_SIZE, rule?.id ?? null, signal),
    deliver: (outcome) => showPreview(outcome),
    busy: (busy) => {
      previewBusy.hidden = !busy;
      preview.classList.toggle("stale", busy);
    },
  });

  const clearPreview = (hint: string) => {
    replace(previewHint, hint);
    previewHint.hidden = false;
    previewError.hidden = true;
    replace(previewFigures);
    replace(previewList);
    previewPager.hidden = true;
  };

  const showPreview = (outcome: Outcome<PreviewQuery, RulePreview>) => {
    for (const field of [...fromPreview]) setError(field, null);
    if (!outcome.ok) {
      const leftover = showProblems(outcome.error, "", true);
      const messages = outcome.error instanceof ApiError ? Object.values(outcome.error.fieldErrors).flat() : [];
      clearPreview("");
      previewHint.hidden = true;
      previewError.hidden = false;
      replace(previewError, messages.length
        ? `The rule cannot run as it is: ${[...messages, ...leftover.filter((m) => !messages.includes(m))].join(" ")}`
        : `What the rule finds could not be worked out: ${problemText(outcome.error)}`);
      return;
    }
    const p = outcome.value;
    const { labelChosen } = outcome.query;
    previewHint.hidden = true;
    previewError.hidden = !p.error;
    replace(previewError, p.error ? `The rule stopped with an error: ${p.error}` : "");
    if (p.error && form.kind === "regex") {
      setError("pattern", p.error);
      fromPreview.add("pattern");
    }
    replace(previewFigures,
      h("p", { class: "preview-count" },
        "Finds ", h("strong", { testid: "rule-preview-count" }, count(p.hits)), ` of ${plural(p.documents, "document")}`,
        p.hits > 0 ? h("span", { testid: "rule-preview-coverage" }, ` (${share(p.coverage)})`) : null),
      h("p", { class: "small", testid: "rule-preview-accuracy", title: p.accuracyLow !== null ? ACCURACY_RANGE_EXPLAIN : undefined },
        labelChosen ? accuracyLine(p, project.multiLabel) : "Choose the label it votes for to see how often it would be right."),
      p.hits > 0 ? h("p", { class: "small muted", testid: "rule-preview-overlap" },
        labelChosen ? overlapLine(p) : p.overlaps > 0 ? `Other rules also vote on ${share(p.overlaps)} of these documents.` : "No other rule votes on these documents.") : null);
    replace(previewList, ...p.hitsPage.map((hit) => hitItem(project.id, hit, labelChosen ? outcome.query.draft.label ?? null : null, project, true)));
    const pages = Math.max(1, Math.ceil(p.hits / PREVIEW_PAGE_SIZE));
    pager(previewPager, p.page, pages, (to) => {
      if (!lastQuery) return;
      lastQuery = { ...lastQuery, page: to };
      latest.now(lastQuery);
    }, "rule-preview-pager");
  };

  /** The form as the preview reads it: with the term still being typed, when it is one the rule could take. */
  const previewForm = (): RuleForm => {
    if (form.kind !== "keywords" || !termInput.value.trim()) return form;
    const added = addTerms(form.terms, termInput.value, form.caseSensitive);
    return added.ok ? { ...form, terms: added.terms } : form;
  };

  const refreshPreview = (immediate: boolean) => {
    const outcome = draftOf(previewForm(), labels, "preview");
    if (!outcome.ok) {
      latest.cancel();
      lastQuery = null;
      for (const field of [...fromPreview]) setError(field, null);
      clearPreview(outcome.problem);
      return;
    }
    // The name is no part of what the rule finds; without a label the first stands in, for the counts only.
    const draft: RuleDraft = { ...outcome.draft, name: null };
    const labelChosen = draft.label !== null;
    if (!labelChosen) draft.label = labels[0]?.name ?? null;
    if (lastQuery && lastQuery.labelChosen === labelChosen && sameDraft(lastQuery.draft, draft)) return;
    lastQuery = { draft, page: 1, labelChosen };
    if (immediate) latest.now(lastQuery);
    else latest.schedule(lastQuery);
  };

  /** After any change to the form: that field's error goes, and the preview follows. */
  function changed(field: FormField): void {
    if (field !== "terms") setError(field, null);
    refreshPreview(false);
  }

  // ---- wiring ----
  name.addEventListener("input", () => {
    form.name = name.value;
    setError("name", null);
  });
  labelSelect.addEventListener("change", () => {
    form.label = labelSelect.value;
    drawDescription();
    changed("label");
  });
  for (const radio of kindRadios) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      form.kind = radio.value as RuleKind;
      showKind();
      changed("kind");
    });
  }
  for (const radio of matchRadios) radio.addEventListener("change", () => { if (radio.checked) { form.match = radio.value as "any" | "all"; changed("match"); } });
  pattern.addEventListener("input", () => { form.pattern = pattern.value; changed("pattern"); });
  exampleIds.addEventListener("input", () => { form.exampleDocumentIds = exampleIds.value; changed("exampleDocumentIds"); });
  threshold.addEventListener("input", () => { form.threshold = threshold.value; changed("threshold"); });
  metaField.addEventListener("input", () => { form.metaField = metaField.value; changed("metaField"); });
  metaValue.addEventListener("input", () => { form.metaValue = metaValue.value; changed("metaValue"); });

  const editor = h("form", { class: "form rule-form", testid: "rule-form", novalidate: true },
    h("fieldset", {},
      h("legend", {}, "The rule"),
      h("div", { class: "field" }, h("label", { for: "rule-name" }, "Name"), h("div", { class: "small muted", id: "rule-name-hint" }, "For you and the team, such as “refund words”."), name, errorSlot("name")),
      h("div", { class: "field" }, h("label", { for: "rule-label" }, "Votes for the label"), h("div", { class: "small muted", id: "rule-label-hint" }, "What it says about every document it finds."), labelSelect, errorSlot("label"))),
    kindField,
    h("fieldset", { class: "kind-box" },
      h("legend", {}, "What it looks for"),
      keywords, regex, similar, labelDescription, metadata, thresholdField,
      errorSlot("caseSensitive")),
    h("div", { class: "actions" }, save, toggleButton, deleteButton, h("span", { class: "small muted" }, h("kbd", {}, "Ctrl"), "+", h("kbd", {}, "Enter"), " saves")),
    conflict,
    confirmSlot,
    status.el);
  editor.addEventListener("submit", (event) => {
    event.preventDefault();
    void saveNow();
  });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void saveNow();
    }
  });

  replace(body,
    h("section", { class: "rule-editor", testid: "rule-editor" },
      h("a", { href: ruleLink(project.id), class: "back-link", testid: "rules-back" }, "← All rules"),
      title,
      meta,
      h("div", { class: "rule-columns" },
        h("div", { class: "rule-main" }, editor, versions),
        preview)));
  drawTerms();
  drawExamples();
  drawDescription();
  showKind();
  drawHead();
  clearPreview(rule ? "" : "Choose what the rule looks for and start typing: the documents it finds appear here as you type.");
  if (rule) {
    void loadVersions();
    refreshPreview(true);
    if (!labels.some((l) => l.name === rule!.label)) setError("label", `The label “${rule.label}” no longer exists: choose the label this rule votes for, then save.`);
  }
  document.title = `${project.name} · ${rule ? `Rule ${rule.name}` : "New rule"} · Tagloop`;
  name.focus();
  return () => latest.cancel();
}
