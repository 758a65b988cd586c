import { ApiError, api, type Project, type Task } from "../api/client";
import { chip, h, replace } from "../dom";
import { actionFor, isTyping, pick } from "../keys";

interface Shown {
  documentId: number;
  text: string;
  meta: unknown;
  prediction?: { label: string; confidence: number } | null;
  reason?: string | null;
  selected: string[];
  flagged: boolean;
  flagNote: string;
  shownAt: number;
}

interface Answered {
  annotationId: number;
  shown: Shown;
}

/** The keyboard-first annotation view. Returns a teardown that removes its key handler. */
export function annotateView(body: HTMLElement, project: Project): () => void {
  const labels = [...project.labels];
  const history: Answered[] = [];
  let current: Shown | null = null;
  let busy = false;

  const progress = h("div", { class: "progress", testid: "progress" });
  const progressBar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });
  const docText = h("div", { class: "doc-text", testid: "doc-text", tabindex: 0 });
  const meta = h("details", { class: "meta" });
  const flagNote = h("input", { testid: "flag-note", placeholder: "Why flag it? (optional) — Enter to confirm, Escape to cancel", maxlength: 2000 });
  const flagBox = h("div", { class: "flag-box", hidden: true }, h("label", {}, "Flag this document ", flagNote));
  const flagMark = h("span", { class: "flag-mark", hidden: true });
  const buttons = h("div", { class: "label-buttons" });
  const hint = h("div", { class: "model-hint", testid: "model-hint" });
  const hideKey = "tagloop.hideModelGuess";
  const hideGuess = h("input", { type: "checkbox", testid: "hide-guess", checked: localStorage.getItem(hideKey) === "1" });
  hideGuess.addEventListener("change", () => {
    localStorage.setItem(hideKey, hideGuess.checked ? "1" : "0");
    renderHint();
  });
  const hintRow = h("div", { class: "hint-row" }, hint, h("label", { class: "inline muted small" }, hideGuess, " Hide the model's guess"));
  const guidelinesPanel = h("aside", { class: "guidelines", testid: "guidelines-panel", hidden: true },
    h("h2", {}, "Guidelines"),
    h("div", { class: "guidelines-text" }, project.guidelines || "This project has no guidelines yet."),
    h("dl", {}, ...labels.flatMap((l) => [h("dt", {}, chip(l.name, l.color), l.key ? ` key ${l.key}` : ""), h("dd", {}, l.description || "—")])));
  const help = h("div", { class: "keys-help", testid: "keys-help", hidden: true, role: "dialog", "aria-label": "Keyboard keys" },
    h("h2", {}, "Keys"),
    h("table", {},
      ...labels.filter((l) => l.key).map((l) => row(l.key!, `${project.multiLabel ? "Toggle" : "Choose"} “${l.name}”`)),
      row("Enter", "Save the answer and go to the next document"),
      row("Space", "Skip this document"),
      row("Backspace", "Undo the last answer"),
      row("f", "Flag this document (with an optional note)"),
      row("g", "Show or hide the guidelines"),
      row("?", "Show or hide this list")),
    h("p", { class: "muted" }, "Press ? or Escape to close."));
  const workspace = h("div", { class: "annotate" },
    h("div", { class: "annotate-main" }, h("div", { class: "progress-row" }, progress, progressBar), docText, meta, hintRow, flagBox, flagMark, buttons,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button primary", onclick: () => void submit() }, "Save ", h("kbd", {}, "Enter")),
        h("button", { type: "button", class: "button", onclick: () => void skip() }, "Skip ", h("kbd", {}, "Space")),
        h("button", { type: "button", class: "button", onclick: () => void undo() }, "Undo ", h("kbd", {}, "⌫")),
        h("button", { type: "button", class: "button", onclick: () => startFlag() }, "Flag ", h("kbd", {}, "f")),
        h("button", { type: "button", class: "button", onclick: () => toggle(guidelinesPanel) }, "Guidelines ", h("kbd", {}, "g")),
        h("button", { type: "button", class: "button", onclick: () => toggle(help) }, "Keys ", h("kbd", {}, "?"))),
      status),
    guidelinesPanel);
  replace(body, workspace, help);

  const say = (message: string, kind: "ok" | "error" | "" = "") => {
    status.className = `status ${kind}`;
    replace(status, message);
  };

  const renderButtons = () => {
    replace(buttons, ...labels.map((l) => {
      const on = current?.selected.includes(l.name) ?? false;
      const b = h("button", { type: "button", class: on ? "label-button on" : "label-button", testid: `label-button-${l.name}`, "aria-pressed": on ? "true" : "false", title: l.description || undefined,
        onclick: () => choose(l.name) }, l.name, l.key ? h("kbd", {}, l.key) : null);
      b.style.setProperty("--chip", l.color);
      return b;
    }));
  };

  function renderHint(): void {
    const p = current?.prediction;
    if (!current || !p) {
      replace(hint, current ? h("span", { class: "muted" }, "The model starts learning once two documents have two different labels.") : "");
      return;
    }
    replace(hint,
      hideGuess.checked ? null : h("span", {}, "Model's guess: ", h("strong", {}, p.label), ` (${Math.round(p.confidence * 100)}% sure). `),
      current.reason ? h("span", { class: "muted" }, `Why this document: ${current.reason}`) : null);
  }

  const renderFlag = () => {
    flagMark.hidden = !current?.flagged;
    replace(flagMark, current?.flagged ? `⚑ Flagged${current.flagNote ? `: ${current.flagNote}` : ""}` : "");
  };

  const show = (shown: Shown | null) => {
    current = shown;
    flagBox.hidden = true;
    if (!shown) {
      replace(docText, h("div", { testid: "done", class: "done" },
        h("strong", {}, "All documents are done."), " Nothing is left for you to label here. ",
        h("a", { href: `#/projects/${project.id}/browse` }, "Browse"), " them or ",
        h("a", { href: `#/projects/${project.id}/export` }, "export"), " the labels."));
      replace(meta);
      meta.hidden = true;
    } else {
      replace(docText, shown.text);
      docText.scrollTop = 0;
      const entries = shown.meta && typeof shown.meta === "object" ? Object.entries(shown.meta as Record<string, unknown>) : [];
      meta.hidden = entries.length === 0;
      replace(meta, h("summary", {}, "Details"), h("dl", {}, ...entries.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "string" ? v : JSON.stringify(v))])));
    }
    renderButtons();
    renderFlag();
    renderHint();
  };

  const refreshStats = async () => {
    const stats = await api.stats(project.id);
    replace(progress, `${stats.labelled.toLocaleString()} / ${stats.total.toLocaleString()} labelled`);
    progressBar.value = stats.total > 0 ? stats.labelled / stats.total : 0;
  };

  const loadNext = async () => {
    const task: Task | undefined = await api.next(project.id);
    show(task ? { documentId: Number(task.documentId), text: task.text, meta: task.meta, prediction: task.prediction, reason: task.reason, selected: [], flagged: false, flagNote: "", shownAt: performance.now() } : null);
  };

  const choose = (label: string) => {
    if (!current) return;
    current.selected = pick(current.selected, label, project.multiLabel);
    renderButtons();
  };

  const guard = async (work: () => Promise<void>) => {
    if (busy) return;
    busy = true;
    try {
      await work();
    } catch (error) {
      say(error instanceof ApiError ? error.message : `Something went wrong: ${String(error)}`, "error");
    } finally {
      busy = false;
    }
  };

  const answer = (skip: boolean) => guard(async () => {
    const shown = current;
    if (!shown) return;
    if (!skip && shown.selected.length === 0) {
      const hint = labels.filter((l) => l.key).map((l) => `${l.key} for ${l.name}`).join(", ");
      say(`Choose a label first${hint ? ` (${hint})` : ""}, or press Space to skip.`, "error");
      return;
    }
    const saved = await api.annotate(project.id, {
      documentId: shown.documentId,
      labels: skip ? [] : shown.selected,
      skip,
      secondsSpent: Math.round((performance.now() - shown.shownAt) / 100) / 10,
      flag: shown.flagged,
      flagNote: shown.flagNote || null,
    });
    history.push({ annotationId: Number(saved.id), shown });
    say(skip ? "Skipped." : `Saved as ${shown.selected.join(", ")}.`, "ok");
    await Promise.all([loadNext(), refreshStats()]);
  });

  const submit = () => answer(false);
  const skip = () => answer(true);

  const undo = () => guard(async () => {
    const last = history.pop();
    if (!last) {
      say("Nothing to undo in this session.", "error");
      return;
    }
    await api.undo(project.id, last.annotationId);
    show({ ...last.shown, shownAt: performance.now() });
    say("Undone. The document is back; answer it again.", "ok");
    await refreshStats();
  });

  const startFlag = () => {
    if (!current) return;
    flagBox.hidden = false;
    flagNote.value = current.flagNote;
    flagNote.focus();
  };

  flagNote.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && current) {
      e.preventDefault();
      current.flagged = true;
      current.flagNote = flagNote.value.trim();
      flagBox.hidden = true;
      flagNote.blur();
      renderFlag();
      say("Flagged. It will be saved with your answer.", "ok");
    } else if (e.key === "Escape") {
      flagBox.hidden = true;
      flagNote.blur();
    }
  });

  const onKey = (e: KeyboardEvent) => {
    const action = actionFor(e, labels, isTyping(e.target));
    if (action.kind === "none") return;
    e.preventDefault();
    switch (action.kind) {
      case "pick": return choose(action.label);
      case "submit": return void submit();
      case "skip": return void skip();
      case "undo": return void undo();
      case "flag": return startFlag();
      case "help": return toggle(help);
      case "guidelines": return toggle(guidelinesPanel);
      case "escape":
        help.hidden = true;
        flagBox.hidden = true;
        return;
    }
  };
  document.addEventListener("keydown", onKey);

  void guard(async () => {
    await Promise.all([loadNext(), refreshStats()]);
  });
  return () => document.removeEventListener("keydown", onKey);
}

function toggle(el: HTMLElement): void {
  el.hidden = !el.hidden;
}

function row(key: string, what: string): HTMLElement {
  return h("tr", {}, h("td", {}, h("kbd", {}, key)), h("td", {}, what));
}
