import { ApiError, api, type Stats } from "../api/client";
import { h, replace } from "../dom";
import { focusKind } from "../keys";
import { cursorAt, moveCursor, moveCursorTo, toTokenSpans } from "../spanCursor";
import { spanActionFor, storedMode } from "../spanKeys";
import { SpanSession, type Said } from "../spanSession";
import { enterMeaning, regionPlace, saveState } from "../spanWords";
import { flagControl } from "./flag";
import { count, guidelinesAside, keepFocusOnClick, metaDetails } from "./parts";
import type { ProjectContext } from "./project";
import { doneMessage, entityItems, keyStrip, keysHelp, selectionSentence, switchQuestion, teachQuestion, typeLegend } from "./spanPanels";
import { drawRegion, listenToMouse } from "./spanText";
import "./annotateSpans.css";

const MODE_KEY = "tagloop.spanMode";
const CONTEXT_KEY = "tagloop.spanContext";
/** Code units of the document shown greyed either side of the region. */
const CONTEXT_CHARS = 400;

/** The annotation view of a span-tagging project: tag entities on whole tokens by keyboard or mouse. Returns a teardown. */
export function annotateSpansView(body: HTMLElement, context: ProjectContext): () => void {
  const { project } = context;
  const labels = project.labels;
  const unit = project.spanUnit === "paragraph" ? "paragraph" : "sentence";
  const colors = new Map(labels.map((l) => [l.name, l.color]));

  const session = new SpanSession({
    next: (mode) => api.nextSpanTask(project.id, mode),
    annotate: async (answer) => ({ id: Number((await api.annotate(project.id, answer)).id) }),
    undo: async (annotationId) => {
      try {
        await api.undo(project.id, annotationId);
      } catch (error) {
        // Already gone (undone elsewhere): the region can be shown again all the same.
        if (!(error instanceof ApiError && error.problem.status === 404)) throw error;
      }
    },
  }, labels, project.overlappingSpans === true, storedMode(localStorage.getItem(MODE_KEY)));
  let metaFor = -1;

  // Where the annotator is, and the mode.
  const progress = h("div", { class: "progress", testid: "progress" });
  const progressBar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const docId = h("span", { class: "doc-id" });
  const place = h("span", { class: "region-place", testid: "region-place" });
  const modeCorrect = h("button", { type: "button", class: "mode-button", testid: "mode-correct", onclick: () => switchMode("correct"), title: "Check and fix every entity in a sentence, then save it" }, "Correct");
  const modeTeach = h("button", { type: "button", class: "mode-button", testid: "mode-teach", onclick: () => switchMode("teach"), title: "Answer yes or no to one of the model's guesses at a time" }, "Teach");
  const modeSwitch = h("div", { class: "mode-switch", role: "group", "aria-label": "Mode" },
    h("span", { class: "muted small" }, "Mode ", h("kbd", {}, "m")), modeCorrect, modeTeach);
  const modeExplain = h("div", { class: "mode-explain small", testid: "mode-explain" });
  const modeNote = h("div", { class: "mode-note small", testid: "mode-note", role: "note", hidden: true });
  const showContext = h("input", { type: "checkbox", testid: "show-context", checked: localStorage.getItem(CONTEXT_KEY) !== "0" });
  showContext.addEventListener("change", () => {
    localStorage.setItem(CONTEXT_KEY, showContext.checked ? "1" : "0");
    renderText();
  });

  // The region's text.
  const docText = h("div", {
    class: "doc-text span-text", testid: "doc-text", tabindex: 0, role: "application", "aria-roledescription": "entity tagger",
    "aria-label": "Sentence to tag. Arrow keys move the cursor over the words, Shift with an arrow selects, a type key tags the selection.",
  });
  const elsewhere = h("div", { class: "doc-message", hidden: true });
  const selectionLine = h("div", { class: "selection-line small", testid: "selection", "aria-live": "polite" });
  const metaSlot = h("div", { class: "meta-slot" });
  let metaOpen = false;
  const reasonLine = h("div", { class: "model-hint muted small", testid: "model-hint" });

  // What is tagged (correct) or the question asked (teach).
  const spanList = h("ul", { class: "span-list", testid: "span-list", "aria-label": "Entities in this sentence" });
  const spanBox = h("div", { class: "span-box" }, h("span", { class: "muted small" }, "Tagged in this sentence:"), spanList);
  const question = h("div", { class: "teach-question", testid: "teach-question" });
  const acceptButton = h("button", { type: "button", class: "button primary", testid: "teach-accept", onclick: () => void run(() => session.teach(true)) }, "Yes, accept ", h("kbd", {}, "Enter"), " ", h("kbd", {}, "a"));
  const rejectButton = h("button", { type: "button", class: "button", testid: "teach-reject", onclick: () => void run(() => session.teach(false)) }, "No, reject ", h("kbd", {}, "⌫"), " ", h("kbd", {}, "x"));
  const teachBox = h("div", { class: "teach-box", hidden: true }, question, h("div", { class: "actions" }, acceptButton, rejectButton));
  const legend = typeLegend(labels, (name) => { tell(session.tag(name)); render(); });

  const saveButton = h("button", { type: "button", class: "button primary", testid: "save-spans", onclick: () => void run(() => session.submit()) }, "Save sentence ", h("kbd", {}, "Enter"));
  const skipButton = h("button", { type: "button", class: "button", testid: "skip", onclick: () => void run(() => session.skip()) }, "Skip ", h("kbd", {}, "Space"));
  const undoButton = h("button", { type: "button", class: "button", testid: "undo", onclick: () => void run(() => session.undo()) }, "Undo ", h("kbd", {}, "Ctrl+Z"));
  const enterLine = h("span", { testid: "enter-meaning" });
  const saveLine = h("span", { class: "save-state", testid: "save-state" });
  const hints = h("div", { class: "enter-line small" }, enterLine, " ", saveLine);
  const keysLine = h("div", { class: "key-strip small muted", testid: "key-strip" });
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });

  const say = (text: string, kind: Said["kind"] = "") => {
    status.className = `status ${kind}`;
    replace(status, text);
  };
  const tell = (what: Said | null) => { if (what) say(what.text, what.kind); };

  const flag = flagControl({
    current: () => session.flag,
    flag: (note) => session.setFlag(true, note),
    unflag: () => { session.setFlag(false); },
    home: () => docText,
    say,
    changed: () => renderPanels(),
  });
  const choices = {
    save: () => {
      switching.close();
      void run(() => session.saveThenTeach()).then(() => remember());
    },
    discard: () => {
      switching.close();
      tell(session.discardThenTeach());
      remember();
      void loadNext();
    },
    stay: () => {
      switching.close();
      docText.focus({ preventScroll: true });
      say("Still in correct mode; your changes are kept.", "hint");
    },
  };
  const switching = switchQuestion(choices);

  const { panel: guidelinesPanel, toggle: toggleGuidelines } = guidelinesAside(project.guidelines, "Entity types", labels);
  const help = keysHelp(labels);

  const main = h("div", { class: "annotate-main" },
    h("div", { class: "progress-row" }, h("div", { class: "where" }, docId, place), progress, progressBar, modeSwitch),
    modeExplain, modeNote, switching.box, docText, elsewhere, selectionLine, metaSlot,
    h("div", { class: "hint-row" }, reasonLine, h("label", { class: "inline muted small" }, showContext, " Show the text around it")),
    flag.box, flag.mark, teachBox, spanBox, legend,
    h("div", { class: "actions" }, saveButton, skipButton, flag.button, undoButton,
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "button quiet", onclick: () => toggleGuidelines() }, "Guidelines ", h("kbd", {}, "g")),
      h("button", { type: "button", class: "button quiet", onclick: () => help.toggle() }, "Keys ", h("kbd", {}, "?"))),
    hints, keysLine, status);
  const workspace = h("div", { class: "annotate spans" }, main, guidelinesPanel);
  keepFocusOnClick(workspace);
  replace(body, workspace, help.overlay);

  function renderText() {
    const s = session.current;
    if (!s) return;
    // Teach mode draws the one suggestion; correct mode the annotator's spans.
    const spans = s.mode === "teach" ? toTokenSpans(s.tokens, s.suggestion ? [s.suggestion] : []) : s.spans;
    drawRegion(docText, { text: s.task.text, region: s.region, tokens: s.tokens, spans, mode: s.mode, cursor: s.cursor }, colors, showContext.checked ? CONTEXT_CHARS : 0);
    docText.dataset.documentId = String(s.task.documentId);
    docText.dataset.shown = String(session.shownCount);
  }

  function renderPanels() {
    const s = session.current;
    const { phase, busy } = session;
    const answering = s !== null && phase === "showing";
    docText.hidden = phase !== "showing" && phase !== "loading";
    docText.classList.toggle("stale", phase === "loading" || busy);
    main.setAttribute("aria-busy", phase === "loading" || busy ? "true" : "false");
    elsewhere.hidden = !docText.hidden;
    modeCorrect.setAttribute("aria-pressed", session.mode === "correct" ? "true" : "false");
    modeTeach.setAttribute("aria-pressed", session.mode === "teach" ? "true" : "false");
    const teaching = answering && s.mode === "teach";
    const correctingNow = answering && s.mode === "correct";
    teachBox.hidden = !teaching;
    spanBox.hidden = !correctingNow;
    legend.hidden = !correctingNow;
    saveButton.hidden = !correctingNow;
    for (const el of [skipButton, flag.button, hints, keysLine]) el.hidden = !answering;
    selectionLine.hidden = !correctingNow;
    undoButton.disabled = !session.canUndo;
    replace(modeExplain, session.mode === "teach"
      ? "Teach mode: the model asks about one of its guesses at a time. Answer yes or no; nothing else in the sentence is saved."
      : "Correct mode: check every entity in the sentence, fix what is wrong or missing, then save the sentence.");

    const notes: string[] = [];
    if (answering && session.mode === "teach" && s.mode === "correct") {
      notes.push(s.fallback ? "The model has nothing to suggest in this sentence yet, so it is in correct mode: tag it and press Enter."
        : "This sentence is in correct mode because you took its answer back: fix it and press Enter; then teach mode goes on.");
    }
    if (answering && s.ownTokens) notes.push("The server sent no word boundaries for this text; the words shown are the browser’s guess, and the server snaps your spans to its own.");
    modeNote.hidden = notes.length === 0;
    replace(modeNote, notes.join(" "));
    flag.render();

    if (!s) {
      for (const el of [docId, place, metaSlot, reasonLine]) replace(el);
      metaFor = -1;
      flag.close();
      if (phase === "done" || phase === "failed") replace(elsewhere, phase === "failed" ? failedMessage() : doneMessage(project.id, context.stats(), session.mode === "teach", session.canUndo));
      return;
    }
    replace(docId, `Document #${s.task.documentId}`);
    const where = regionPlace(s.task.regionNumber, s.task.regionCount, s.task.regionsAnswered, unit);
    replace(place, where);
    replace(reasonLine, s.task.reason ? `Why this sentence: ${s.task.reason}` : "");
    replace(keysLine, ...keyStrip(labels, s.mode));
    replace(enterLine, enterMeaning(s.mode, s.spans.length, unit));
    saveLine.classList.toggle("unsaved", session.unsaved);
    replace(saveLine, saveState(s.mode, session.unsaved, busy));
    if (teaching && s.suggestion) replace(question, ...teachQuestion(s.task.text, s.suggestion, labels, colors));
    if (correctingNow) {
      replace(spanList, ...entityItems(s.spans, (x) => session.words(x.first, x.last), colors,
        (i) => { if (session.selectSpan(i)) render(); }, (i) => { tell(session.remove(i)); render(); }));
      replace(selectionLine, selectionSentence(s.spans, s.cursor, s.tokens.length, (first, last) => session.words(first, last), colors));
    }
  }

  /** Draws everything; a region newly on screen also gets its details, a closed flag note and the focus. */
  function render() {
    const s = session.current;
    if (s && session.phase === "showing" && metaFor !== session.shownCount) {
      metaFor = session.shownCount;
      const meta = metaDetails(s.task.meta, metaOpen);
      meta?.addEventListener("toggle", () => { metaOpen = (meta as HTMLDetailsElement).open; });
      replace(metaSlot, meta);
      flag.close();
      if (focusKind(document.activeElement) !== "typing") docText.focus({ preventScroll: true });
    }
    renderText();
    renderPanels();
  }

  const failedMessage = () => h("div", { class: "done", role: "alert" },
    h("h2", {}, "The next sentence could not be loaded"),
    h("p", { class: "error" }, session.error instanceof Error ? session.error.message : `Something went wrong: ${String(session.error)}`),
    h("button", { type: "button", class: "button primary", onclick: () => void loadNext() }, "Try again"));

  const updateProgress = (stats: Stats) => {
    replace(progress, `${count(stats.labelled)} / ${count(stats.total)} documents with answers`);
    progressBar.value = stats.total > 0 ? stats.labelled / stats.total : 0;
  };

  const remember = () => localStorage.setItem(MODE_KEY, session.mode);

  async function loadNext() {
    const pending = session.load();
    render();
    await pending;
    render();
  }

  /** Runs an answer or undo, then shows its outcome; the counts are read again after a change. */
  async function run(command: () => Promise<Said | null>) {
    const pending = command();
    renderPanels();
    try {
      const outcome = await pending;
      tell(outcome);
      if (outcome && outcome.kind === "ok") void context.refreshStats().then(updateProgress, () => undefined);
    } catch (error) {
      say(error instanceof Error ? error.message : `Something went wrong: ${String(error)}`, "error");
    }
    render();
  }

  function switchMode(mode: "correct" | "teach") {
    const { plan, said } = session.switchTo(mode);
    tell(said ?? null);
    remember();
    if (plan === "ask") switching.ask();
    else if (plan === "keep") render();
    else if (plan === "load") {
      if (session.busy) renderPanels();
      else void loadNext();
    }
  }

  const edited = (changed: boolean) => { if (changed) render(); };
  const stopMouse = listenToMouse(docText, {
    editable: () => (session.current?.mode === "correct" && !session.busy ? session.current : null),
    moveCursor: (cursor) => edited(session.moveCursor(() => cursor)),
    selectSpan: (i) => edited(session.selectSpan(i)),
  });

  const onKey = (e: KeyboardEvent) => {
    if (switching.isOpen) {
      // The question's own keys stop in it; here only Esc, from a focus left elsewhere, answers it.
      if (e.key === "Escape") choices.stay();
      return;
    }
    const action = spanActionFor(e, labels, session.current?.mode ?? session.mode, focusKind(e.target));
    if (action.kind === "none") return;
    if (!help.overlay.hidden && action.kind !== "escape" && action.kind !== "help") return;
    e.preventDefault();
    const n = session.current?.tokens.length ?? 0;
    switch (action.kind) {
      case "move":
        return edited(session.moveCursor((s) => moveCursor(s.cursor, action.delta, action.extend, n)));
      case "home":
        return edited(session.moveCursor((s) => moveCursorTo(s.cursor, 0, action.extend, n)));
      case "end":
        return edited(session.moveCursor((s) => moveCursorTo(s.cursor, n - 1, action.extend, n)));
      case "assign":
      case "remove":
      case "cycle":
        tell(action.kind === "assign" ? session.tag(action.label) : action.kind === "remove" ? session.remove() : session.cycle(action.step));
        return render();
      case "submit":
        return void run(() => session.submit());
      case "accept":
      case "reject":
        return void run(() => session.teach(action.kind === "accept"));
      case "skip":
        return void run(() => session.skip());
      case "undo":
        return void run(() => session.undo());
      case "mode":
        return switchMode(session.mode === "correct" ? "teach" : "correct");
      case "flag":
        return flag.open();
      case "help":
        return help.toggle();
      case "guidelines":
        return toggleGuidelines();
      case "escape":
        if (!help.overlay.hidden) help.overlay.hidden = true;
        else if (flag.isOpen) flag.close();
        else edited(session.moveCursor((s) => cursorAt(s.cursor.focus, n)));
        return;
    }
  };
  document.addEventListener("keydown", onKey);

  const initial = context.stats();
  if (initial) updateProgress(initial);
  void loadNext();
  return () => {
    document.removeEventListener("keydown", onKey);
    stopMouse();
  };
}
