import { ApiError, api, type Stats } from "../api/client";
import { h, replace } from "../dom";
import { actionFor, focusKind, keyHint } from "../keys";
import { AnnotationSession, type Outcome, type SessionApi } from "../session";
import { flagControl } from "./flag";
import { count, guidelinesAside, keepFocusOnClick, keyRow, labelButtons, metaDetails } from "./parts";
import type { ProjectContext } from "./project";
import { annotateSpansView } from "./annotateSpans";

const HIDE_GUESS = "tagloop.hideModelGuess";

/** The keyboard-first annotation view. Returns a teardown that removes its key handler. */
export function annotateView(body: HTMLElement, context: ProjectContext): () => void {
  const { project } = context;
  if (project.task === "span-tagging") return annotateSpansView(body, context);
  const labels = project.labels;
  const server: SessionApi = {
    next: async () => {
      const task = await api.next(project.id);
      return task && { documentId: Number(task.documentId), text: task.text, meta: task.meta, prediction: task.prediction, reason: task.reason, relabel: task.relabel, assigned: task.assigned };
    },
    annotate: async (answer) => ({ id: Number((await api.annotate(project.id, answer)).id) }),
    undo: async (annotationId) => {
      try {
        await api.undo(project.id, annotationId);
      } catch (error) {
        // Already gone (undone elsewhere): the document can be shown again all the same.
        if (!(error instanceof ApiError && error.problem.status === 404)) throw error;
      }
    },
  };
  const session = new AnnotationSession(server, labels, project.multiLabel);

  // Progress.
  const progress = h("div", { class: "progress", testid: "progress" });
  const progressBar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const docId = h("span", { class: "muted doc-id" });

  // The document.
  const docText = h("div", { class: "doc-text", testid: "doc-text", tabindex: 0, "aria-label": "Document text" });
  const elsewhere = h("div", { class: "doc-message", hidden: true });
  // A document a change to the labels sent back: said before the text, so that no one misses it.
  const relabelNotice = h("div", { class: "relabel-notice", testid: "relabel-notice", role: "note", hidden: true });
  const assignedNotice = h("div", { class: "small muted", testid: "assigned-notice", role: "note", hidden: true }, "Set aside for you by the project’s owners.");
  const metaSlot = h("div", { class: "meta-slot" });
  let metaOpen = false;

  // The model's guess, which some prefer not to see before they decide.
  const hint = h("div", { class: "model-hint", testid: "model-hint" });
  const hideGuess = h("input", { type: "checkbox", testid: "hide-guess", checked: localStorage.getItem(HIDE_GUESS) === "1" });
  const hintRow = h("div", { class: "hint-row" }, hint, h("label", { class: "inline muted small" }, hideGuess, " Hide the model’s guess"));
  hideGuess.addEventListener("change", () => {
    localStorage.setItem(HIDE_GUESS, hideGuess.checked ? "1" : "0");
    render();
  });

  // Flagging.
  const flag = flagControl({
    current: () => session.current && { flagged: session.current.flagged, note: session.current.flagNote },
    flag: (note) => session.flag(note),
    unflag: () => session.unflag(),
    home: () => docText,
    say: (text, kind) => say(text, kind),
    changed: () => render(),
  });

  // Answering.
  const buttons = h("div", { class: "label-buttons", role: "group", "aria-label": "Labels" });
  const keysLine = h("p", { class: "muted small" },
    project.multiLabel
      ? `Pick every label that applies${keyHint(labels) ? ` (${keyHint(labels)})` : ""}, then press Enter.`
      : `Pick a label${keyHint(labels) ? ` (${keyHint(labels)})` : ""}, then press Enter.`);
  const saveButton = h("button", { type: "button", class: "button primary", onclick: () => void run(() => session.accept()) });
  const skipButton = h("button", { type: "button", class: "button", onclick: () => void run(() => session.skip()) }, "Skip ", h("kbd", {}, "Space"));
  const undoButton = h("button", { type: "button", class: "button", onclick: () => void run(() => session.undo()) }, "Undo ", h("kbd", {}, "⌫ Backspace"));
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });

  // Guidelines and keys.
  const { panel: guidelinesPanel, toggle: toggleGuidelines } = guidelinesAside(project.guidelines, "Labels", labels);
  const help = h("div", { class: "overlay", hidden: true, onclick: (e: Event) => { if (e.target === help) help.hidden = true; } },
    h("div", { class: "keys-help", testid: "keys-help", role: "dialog", "aria-label": "Keyboard keys" },
      h("div", { class: "panel-head" }, h("h2", {}, "Keys"), h("button", { type: "button", class: "link", onclick: () => { help.hidden = true; } }, "Close ", h("kbd", {}, "Esc"))),
      h("table", {},
        h("tbody", {},
          ...labels.filter((l) => l.key).map((l) => keyRow(l.key!, project.multiLabel ? `Add or remove “${l.name}”` : `Choose “${l.name}”`)),
          keyRow("Enter", "Save the answer and show the next document"),
          keyRow("Space", "Skip this document"),
          keyRow("Backspace", "Undo the last answer (again to go further back)"),
          keyRow("f", "Flag this document, with an optional note"),
          keyRow("g", "Show or hide the guidelines"),
          keyRow("?", "Show or hide this list"),
          keyRow("Esc", "Close this list or the flag note"))),
      h("p", { class: "muted small" }, "Keys do nothing while you type in a field. Arrow keys and Page Up/Down scroll a long text.")));

  const main = h("div", { class: "annotate-main" },
    h("div", { class: "progress-row" }, progress, progressBar, docId),
    relabelNotice, assignedNotice, docText, elsewhere, metaSlot, hintRow, flag.box, flag.mark,
    h("div", { class: "answer" }, buttons, keysLine),
    h("div", { class: "actions" }, saveButton, skipButton, flag.button, undoButton,
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "button quiet", onclick: () => toggleGuidelines() }, "Guidelines ", h("kbd", {}, "g")),
      h("button", { type: "button", class: "button quiet", onclick: () => { help.hidden = !help.hidden; } }, "Keys ", h("kbd", {}, "?"))),
    status);
  const workspace = h("div", { class: "annotate" }, main, guidelinesPanel);
  keepFocusOnClick(workspace);
  replace(body, workspace, help);

  let shownKey = "";
  const render = () => {
    const current = session.current;
    const phase = session.phase;
    main.setAttribute("aria-busy", phase === "loading" ? "true" : "false");
    docText.classList.toggle("stale", phase === "loading");
    const answering = current !== null;
    docText.hidden = phase !== "showing" && phase !== "loading";
    elsewhere.hidden = !docText.hidden;
    for (const el of [buttons, keysLine, saveButton, skipButton, flag.button]) el.hidden = !answering && phase !== "loading";
    undoButton.disabled = !session.canUndo;
    undoButton.hidden = (phase === "done" || phase === "failed") && !session.canUndo;

    if (current) {
      const key = `${current.documentId}:${current.shownAt}`;
      if (key !== shownKey) {
        shownKey = key;
        replace(docText, current.text);
        docText.scrollTop = 0;
        replace(docId, `Document #${current.documentId}`);
        const meta = metaDetails(current.meta, metaOpen);
        meta?.addEventListener("toggle", () => { metaOpen = (meta as HTMLDetailsElement).open; });
        replace(metaSlot, meta);
        flag.close();
        if (focusKind(document.activeElement) !== "typing") docText.focus({ preventScroll: true });
      }
    } else if (phase !== "loading") {
      shownKey = "";
      replace(docId);
      replace(metaSlot);
      flag.close();
      replace(elsewhere, phase === "failed" ? failedMessage() : doneMessage(context.stats()));
    }

    replace(buttons, ...labelButtons(labels, current?.selected ?? [], (name) => { if (session.pick(name)) render(); }));
    const chosen = current?.selected ?? [];
    replace(saveButton, chosen.length ? `Save as ${chosen.join(", ")} ` : "Save ", h("kbd", {}, "Enter"));
    flag.render();
    relabelNotice.hidden = !current?.relabel;
    assignedNotice.hidden = !current?.assigned;
    replace(relabelNotice, ...(current?.relabel
      ? [h("strong", {}, "Label this one again. "), current.reason ?? "A change to the project’s labels took its earlier answer away: choose again."]
      : []));
    hintRow.hidden = !current;
    const guess = current?.prediction;
    // The reason of a document sent back is in the notice above; the hint does not say it twice.
    const reason = current?.relabel ? null : current?.reason;
    replace(hint, ...(!current ? [] : !guess
      ? [h("span", { class: "muted" }, reason ?? (current.relabel ? "" : "The model starts learning once two documents have two different labels."))]
      : [hideGuess.checked ? null : h("span", {}, "Model’s guess: ", h("strong", {}, guess.label), ` (${Math.round(guess.confidence * 100)}% sure). `),
          reason ? h("span", { class: "muted" }, `Why this document: ${reason}`) : null]));
  };

  const doneMessage = (stats: Stats | undefined) => {
    const links = [" ", h("a", { href: `#/projects/${project.id}/browse` }, "Browse the documents"), " or ",
      h("a", { href: `#/projects/${project.id}/export` }, "export the labels"), "."];
    if (stats && stats.total === 0) {
      return h("div", { testid: "done", class: "done" }, h("h2", {}, "There are no documents yet"),
        h("p", {}, "This project is empty. ", h("a", { href: `#/projects/${project.id}/import` }, "Import the texts to label"), " to start."));
    }
    const open = stats ? stats.total - stats.labelled : 0;
    return h("div", { testid: "done", class: "done" },
      h("h2", {}, open > 0 ? "Nothing is left for you to label" : "All documents are done"),
      h("p", {}, open > 0
        ? `${count(open)} of ${count(stats!.total)} documents ${open === 1 ? "has" : "have"} no label yet: skipped, or open with someone else.`
        : `Every one of the ${count(stats?.total ?? 0)} documents has a label. Well done.`, ...links),
      session.canUndo ? h("p", { class: "muted" }, "Press Backspace to take back your last answer.") : null);
  };

  const failedMessage = () => h("div", { class: "done", role: "alert" },
    h("h2", {}, "The next document could not be loaded"),
    h("p", { class: "error" }, message(session.error)),
    h("button", { type: "button", class: "button primary", onclick: () => void session.load().then(render) }, "Try again"));

  const say = (text: string, kind: "ok" | "hint" | "error" | "" = "") => {
    status.className = `status ${kind}`;
    replace(status, text);
  };

  const describe = (outcome: Outcome) => {
    switch (outcome.kind) {
      case "saved":
        return say(`Saved as ${outcome.labels.join(", ")}${outcome.flagged ? ", flagged" : ""}.`, "ok");
      case "skipped":
        return say(outcome.flagged ? "Skipped and flagged." : "Skipped.", "ok");
      case "undone":
        return say(outcome.skipped ? "Undone: the skip is taken back." : `Undone: “${outcome.labels.join(", ")}” is taken back. Answer it again.`, "ok");
      case "hint":
        return say(outcome.message, "hint");
    }
  };

  const updateProgress = (stats: Stats) => {
    replace(progress, `${count(stats.labelled)} / ${count(stats.total)} labelled`);
    progressBar.value = stats.total > 0 ? stats.labelled / stats.total : 0;
  };

  const refresh = () => context.refreshStats().then((stats) => {
    updateProgress(stats);
    if (session.phase === "done") render(); // the done message counts what is left
  }, () => undefined);

  /** Runs a session command, then shows its outcome; a failed request is reported, never lost silently. */
  const run = async (command: () => Promise<Outcome>) => {
    const pending = command();
    render();
    try {
      const outcome = await pending;
      if (outcome.kind === "ignored") return;
      describe(outcome);
      render();
      if (outcome.kind !== "hint") void refresh();
    } catch (error) {
      say(message(error), "error");
      render();
    }
  };

  const onKey = (e: KeyboardEvent) => {
    const action = actionFor(e, labels, focusKind(e.target));
    if (action.kind === "none") return;
    e.preventDefault();
    switch (action.kind) {
      case "pick":
        if (session.pick(action.label)) render();
        return;
      case "submit":
        return void run(() => session.accept());
      case "skip":
        return void run(() => session.skip());
      case "undo":
        return void run(() => session.undo());
      case "flag":
        return flag.open();
      case "help":
        help.hidden = !help.hidden;
        return;
      case "guidelines":
        return toggleGuidelines();
      case "escape":
        if (!help.hidden) help.hidden = true;
        else flag.close();
        return;
    }
  };
  document.addEventListener("keydown", onKey);

  const initial = context.stats();
  if (initial) updateProgress(initial);
  render();
  void session.load().then(render);
  return () => document.removeEventListener("keydown", onKey);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : `Something went wrong: ${String(error)}`;
}
