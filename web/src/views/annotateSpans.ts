import { ApiError, api, type Stats, type Task } from "../api/client";
import { chip, h, paint, replace } from "../dom";
import { focusKind } from "../keys";
import {
  assign, correctAnswer, cursorAt, cursorOver, cycleTarget, domOffset, fallbackTokens, layout, moveCursor, moveCursorTo,
  percent, rangeOffsets, removeTarget, secondsBetween, selection, skipAnswer, snapToTokens, spanActionFor, storedMode,
  targetSpan, teachAnswer, toTokenSpans,
  type Cursor, type Offsets, type Piece, type SpanAnswer, type SpanMode, type TaskSpan, type TokenSpan,
} from "../spans";
import { count, guidelinesAside, keepFocusOnClick, metaDetails } from "./parts";
import type { ProjectContext } from "./project";
import "./annotateSpans.css";

const MODE_KEY = "tagloop.spanMode";
const CONTEXT_KEY = "tagloop.spanContext";
/** Code units of the document shown greyed either side of the region. */
const CONTEXT_CHARS = 400;

/** The region on screen and what the annotator has made of it so far. */
interface Shown {
  task: Task;
  region: Offsets;
  tokens: Offsets[];
  /** The server sent no tokens: the view made its own (the server snaps answers to its tokens). */
  ownTokens: boolean;
  /** The mode the region is answered in: teach only with a suggestion. */
  mode: SpanMode;
  suggestion: TaskSpan | null;
  spans: TokenSpan[];
  cursor: Cursor;
  shownAt: number;
}

interface Answered {
  annotationId: number;
  shown: Shown;
  what: string;
}

type Phase = "loading" | "showing" | "done" | "failed";

/** The annotation view of a span-tagging project: tag entities on whole tokens by keyboard or mouse. Returns a teardown. */
export function annotateSpansView(body: HTMLElement, context: ProjectContext): () => void {
  const { project } = context;
  const labels = project.labels;
  const overlapping = project.overlappingSpans === true;
  const colors = new Map(labels.map((l) => [l.name, l.color]));

  let chosenMode: SpanMode = storedMode(localStorage.getItem(MODE_KEY));
  let shown: Shown | null = null;
  let phase: Phase = "loading";
  let busy = false;
  let failure: unknown;
  const answered: Answered[] = [];
  /** How many regions were shown so far: a new one may be of the same document (its next sentence or suggestion). */
  let shownCount = 0;

  // Progress and mode.
  const progress = h("div", { class: "progress", testid: "progress" });
  const progressBar = h("progress", { max: 1, value: 0, "aria-hidden": "true" });
  const docId = h("span", { class: "muted doc-id" });
  const modeCorrect = h("button", { type: "button", class: "mode-button", testid: "mode-correct", onclick: () => switchMode("correct") }, "Correct");
  const modeTeach = h("button", { type: "button", class: "mode-button", testid: "mode-teach", onclick: () => switchMode("teach") }, "Teach");
  const modeSwitch = h("div", { class: "mode-switch", role: "group", "aria-label": "Mode" },
    h("span", { class: "muted small" }, "Mode ", h("kbd", {}, "m")), modeCorrect, modeTeach);
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
  const question = h("div", { class: "teach-question", testid: "teach-question" });
  const acceptButton = h("button", { type: "button", class: "button primary", testid: "teach-accept", onclick: () => void teach(true) }, "Yes, accept ", h("kbd", {}, "Enter"), " ", h("kbd", {}, "a"));
  const rejectButton = h("button", { type: "button", class: "button", testid: "teach-reject", onclick: () => void teach(false) }, "No, reject ", h("kbd", {}, "⌫"), " ", h("kbd", {}, "x"));
  const teachBox = h("div", { class: "teach-box", hidden: true }, question, h("div", { class: "actions" }, acceptButton, rejectButton));

  // The types: the legend, which also tags the selection when clicked.
  const legend = h("div", { class: "type-legend", role: "group", "aria-label": "Entity types" }, ...labels.map((l) => {
    const b = h("button", {
      type: "button", class: "type-button", testid: `type-${l.name}`, title: l.description || undefined,
      "aria-label": `Tag the selection as ${l.name}${l.key ? ` (key ${l.key})` : ""}${l.description ? `: ${l.description}` : ""}`,
      onclick: () => tag(l.name),
    }, h("span", { class: "type-swatch", "aria-hidden": "true" }), h("span", { class: "label-name" }, l.name), l.key ? h("kbd", {}, l.key) : null,
    l.description ? h("span", { class: "type-description" }, l.description) : null);
    paint(b, l.color);
    return b;
  }));

  const saveButton = h("button", { type: "button", class: "button primary", testid: "save-spans", onclick: () => void submit() }, "Save sentence ", h("kbd", {}, "Enter"));
  const skipButton = h("button", { type: "button", class: "button", testid: "skip", onclick: () => void skip() }, "Skip ", h("kbd", {}, "Space"));
  const undoButton = h("button", { type: "button", class: "button", testid: "undo", onclick: () => void undo() }, "Undo ", h("kbd", {}, "Ctrl+Z"));
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });

  const { panel: guidelinesPanel, toggle: toggleGuidelines } = guidelinesAside(project.guidelines, "Entity types", labels);
  const help = h("div", { class: "overlay", hidden: true, onclick: (e: Event) => { if (e.target === help) help.hidden = true; } },
    h("div", { class: "keys-help", testid: "keys-help", role: "dialog", "aria-label": "Keyboard keys" },
      h("div", { class: "panel-head" }, h("h2", {}, "Keys"), h("button", { type: "button", class: "link", onclick: () => { help.hidden = true; } }, "Close ", h("kbd", {}, "Esc"))),
      h("table", {}, h("tbody", {},
        keyRow("← →", "Move the cursor one word"),
        keyRow("Shift + ← →", "Select several words (Home and End go to the first and last)"),
        ...labels.filter((l) => l.key).map((l) => keyRow(l.key!, `Tag the selection as “${l.name}” (or change the selected entity to it)`)),
        keyRow("↑ ↓", "Change the type of the entity under the cursor"),
        keyRow("Backspace / Delete", "Correct: remove the entity under the cursor. Teach: reject"),
        keyRow("Enter", "Correct: save the sentence as tagged. Teach: accept"),
        keyRow("a / x", "Teach: accept / reject (when no type has the key)"),
        keyRow("Space", "Skip this sentence"),
        keyRow("Ctrl+Z", "Undo the last answer"),
        keyRow("m", "Switch between correct and teach mode (when no type has the key)"),
        keyRow("g", "Show or hide the guidelines"),
        keyRow("?", "Show or hide this list"),
        keyRow("Esc", "Clear the selection, or close this list"))),
      h("p", { class: "muted small" }, "Mouse: drag across words, double-click a word, or Shift-click to extend the selection; click an entity to select it.")));

  const main = h("div", { class: "annotate-main" },
    h("div", { class: "progress-row" }, progress, progressBar, docId, modeSwitch),
    modeNote, docText, elsewhere, selectionLine, metaSlot,
    h("div", { class: "hint-row" }, reasonLine, h("label", { class: "inline muted small" }, showContext, " Show the text around it")),
    teachBox, spanList, legend,
    h("div", { class: "actions" }, saveButton, skipButton, undoButton,
      h("span", { class: "spacer" }),
      h("button", { type: "button", class: "button quiet", onclick: () => toggleGuidelines() }, "Guidelines ", h("kbd", {}, "g")),
      h("button", { type: "button", class: "button quiet", onclick: () => { help.hidden = !help.hidden; } }, "Keys ", h("kbd", {}, "?"))),
    status);
  const workspace = h("div", { class: "annotate spans" }, main, guidelinesPanel);
  keepFocusOnClick(workspace);
  replace(body, workspace, help);

  const say = (text: string, kind: "ok" | "hint" | "error" | "" = "") => {
    status.className = `status ${kind}`;
    replace(status, text);
  };

  const tokenText = (s: Shown, first: number, last: number) => {
    const at = rangeOffsets(s.tokens, { first, last });
    return s.task.text.slice(at.start, at.end);
  };

  /** The spans drawn: the annotator's in correct mode, the one suggestion in teach mode. */
  const drawnSpans = (s: Shown): TokenSpan[] => s.mode === "teach" ? toTokenSpans(s.tokens, s.suggestion ? [s.suggestion] : []) : s.spans;

  function renderText() {
    const s = shown;
    if (!s) return;
    const spans = drawnSpans(s);
    const sel = selection(s.cursor);
    const picked = s.mode === "correct" ? spans.findIndex((x) => x.first === sel.first && x.last === sel.last) : -1;
    const grouped = new Set<number>();
    const draw = (piece: Piece): HTMLElement => {
      switch (piece.kind) {
        case "context":
          return h("span", { class: "context", "data-start": piece.start }, piece.text);
        case "elided":
          return h("span", { class: "context", "aria-hidden": "true" }, "… ");
        case "gap":
          return h("span", { "data-start": piece.start }, piece.text);
        case "token": {
          const cls = ["tok"];
          if (s.mode === "correct" && piece.index === s.cursor.focus) cls.push("cursor");
          if (s.mode === "correct" && piece.index >= sel.first && piece.index <= sel.last) cls.push("sel");
          const loose = piece.spans.filter((i) => !grouped.has(i));
          if (loose.length) cls.push("also");
          const el = h("span", { class: cls.join(" "), id: `tok-${piece.index}`, "data-token": piece.index, "data-start": piece.start,
            title: piece.spans.length ? piece.spans.map((i) => spans[i].label).join(", ") : undefined }, piece.text);
          if (loose.length) paint(el, colors.get(spans[loose[0]].label));
          return el;
        }
        case "span": {
          grouped.add(piece.span);
          const span = spans[piece.span];
          const prob = span.probability !== null ? percent(span.probability) : null;
          const words = tokenText(s, span.first, span.last);
          const el = h("mark", {
            class: `ent${piece.span === picked ? " picked" : ""}${s.mode === "teach" ? " suggested" : ""}`, role: "group", "data-span": piece.span, testid: "entity",
            "data-label": span.label, "data-first": span.first, "data-last": span.last, "aria-label": `${span.label}: ${words}${prob ? `, model ${prob} sure` : ""}`,
          }, ...piece.pieces.map(draw),
          h("span", { class: "ent-tag", "data-at": piece.end, "aria-hidden": "true" }, span.label, prob ? h("span", { class: "ent-prob" }, ` ${prob}`) : null));
          paint(el, colors.get(span.label));
          return el;
        }
      }
    };
    const pieces = layout(s.task.text, s.region, s.tokens, spans, showContext.checked ? CONTEXT_CHARS : 0);
    replace(docText, ...pieces.map(draw));
    docText.dataset.documentId = String(s.task.documentId);
    docText.dataset.shown = String(shownCount);
    if (s.mode === "correct" && s.tokens.length) docText.setAttribute("aria-activedescendant", `tok-${s.cursor.focus}`);
    else docText.removeAttribute("aria-activedescendant");
    document.getElementById(`tok-${s.cursor.focus}`)?.scrollIntoView?.({ block: "nearest" });
  }

  function renderPanels() {
    const s = shown;
    const answering = s !== null && phase === "showing";
    docText.hidden = phase !== "showing" && phase !== "loading";
    docText.classList.toggle("stale", phase === "loading" || busy);
    main.setAttribute("aria-busy", phase === "loading" || busy ? "true" : "false");
    elsewhere.hidden = !docText.hidden;
    modeCorrect.setAttribute("aria-pressed", chosenMode === "correct" ? "true" : "false");
    modeTeach.setAttribute("aria-pressed", chosenMode === "teach" ? "true" : "false");
    const teaching = answering && s.mode === "teach";
    const correcting = answering && s.mode === "correct";
    teachBox.hidden = !teaching;
    spanList.hidden = !correcting;
    legend.hidden = !correcting;
    saveButton.hidden = !correcting;
    skipButton.hidden = !answering;
    selectionLine.hidden = !correcting;
    undoButton.disabled = answered.length === 0;

    const notes: string[] = [];
    if (answering && chosenMode === "teach" && s.mode === "correct") notes.push("The model has nothing to suggest in this sentence yet, so it is in correct mode: tag it and press Enter.");
    if (answering && s.ownTokens) notes.push("The server sent no word boundaries for this text; the words shown are the browser’s guess, and the server snaps your spans to its own.");
    modeNote.hidden = notes.length === 0;
    replace(modeNote, notes.join(" "));

    if (!s) {
      replace(docId);
      replace(metaSlot);
      replace(reasonLine);
      if (phase === "done" || phase === "failed") replace(elsewhere, phase === "failed" ? failedMessage() : doneMessage(context.stats()));
      return;
    }
    replace(docId, `Document #${s.task.documentId}`);
    replace(reasonLine, s.task.reason ? `Why this sentence: ${s.task.reason}` : "");

    if (teaching && s.suggestion) {
      const sug = s.suggestion;
      replace(question, "Is “", h("strong", {}, s.task.text.slice(sug.start, sug.end)), "” ", chip(sug.label, colors.get(sug.label)), "?",
        sug.probability !== null ? h("span", { class: "muted small" }, ` The model is ${percent(sug.probability)} sure.`) : null);
    }
    if (correcting) {
      replace(spanList, ...(s.spans.length === 0
        ? [h("li", { class: "muted small" }, "No entities tagged in this sentence. Enter saves it as having none.")]
        : s.spans.map((span, i) => h("li", { testid: "span-item" },
          h("button", { type: "button", class: "link", onclick: () => { selectSpan(i); } }, chip(span.label, colors.get(span.label)), `“${tokenText(s, span.first, span.last)}”`),
          span.probability !== null ? h("span", { class: "muted small" }, ` model ${percent(span.probability)}`) : null,
          h("button", { type: "button", class: "link remove", "aria-label": `Remove ${span.label} “${tokenText(s, span.first, span.last)}”`, onclick: () => { removeSpan(i); } }, "remove")))));
      const sel = selection(s.cursor);
      const target = targetSpan(s.spans, s.cursor);
      const exact = target >= 0 && s.spans[target].first === sel.first && s.spans[target].last === sel.last;
      replace(selectionLine, s.tokens.length === 0 ? "This sentence has no words to tag."
        : exact ? h("span", {}, "Selected: ", chip(s.spans[target].label, colors.get(s.spans[target].label)), `“${tokenText(s, sel.first, sel.last)}” — a type key changes it, Delete removes it.`)
        : `Selected: “${tokenText(s, sel.first, sel.last)}” — press a type key to tag it.`);
    }
  }

  const render = () => {
    renderText();
    renderPanels();
  };

  const doneMessage = (stats: Stats | undefined) => {
    const links = [" ", h("a", { href: `#/projects/${project.id}/browse` }, "Browse the documents"), " or ",
      h("a", { href: `#/projects/${project.id}/export` }, "export the entities"), "."];
    if (stats && stats.total === 0) {
      return h("div", { testid: "done", class: "done" }, h("h2", {}, "There are no documents yet"),
        h("p", {}, "This project is empty. ", h("a", { href: `#/projects/${project.id}/import` }, "Import the texts to tag"), " to start."));
    }
    return h("div", { testid: "done", class: "done" },
      h("h2", {}, chosenMode === "teach" ? "Nothing is left to suggest" : "Nothing is left for you to tag"),
      h("p", {}, chosenMode === "teach" ? "Switch to correct mode to tag the remaining sentences." : "Every sentence open to you has an answer.", ...links),
      answered.length ? h("p", { class: "muted" }, "Press Ctrl+Z to take back your last answer.") : null);
  };

  const failedMessage = () => h("div", { class: "done", role: "alert" },
    h("h2", {}, "The next sentence could not be loaded"),
    h("p", { class: "error" }, message(failure)),
    h("button", { type: "button", class: "button primary", onclick: () => void load() }, "Try again"));

  function show(task: Task | undefined) {
    if (!task) {
      shown = null;
      phase = "done";
      return;
    }
    const region = task.region ?? { start: 0, end: task.text.length };
    const ownTokens = !task.tokens;
    const tokens = task.tokens ?? fallbackTokens(task.text, region);
    const suggestion = chosenMode === "teach" ? task.suggestion ?? null : null;
    const spans = toTokenSpans(tokens, task.spans ?? []);
    shown = {
      task, region, tokens, ownTokens, suggestion,
      mode: suggestion ? "teach" : "correct",
      spans,
      cursor: spans.length ? cursorAt(spans[0].first, tokens.length) : cursorAt(0, tokens.length),
      shownAt: performance.now(),
    };
    phase = "showing";
    shownCount++;
    const meta = metaDetails(task.meta, metaOpen);
    meta?.addEventListener("toggle", () => { metaOpen = (meta as HTMLDetailsElement).open; });
    replace(metaSlot, meta);
    if (focusKind(document.activeElement) !== "typing") docText.focus({ preventScroll: true });
  }

  async function load() {
    if (busy) return;
    busy = true;
    phase = "loading";
    render();
    try {
      // A switch of mode while the task was on its way asks again, in the mode now chosen.
      let task: Task | undefined;
      for (let mode: SpanMode | null = null; mode !== chosenMode;) {
        mode = chosenMode;
        task = await api.nextSpanTask(project.id, mode);
      }
      show(task);
    } catch (error) {
      shown = null;
      failure = error;
      phase = "failed";
    } finally {
      busy = false;
    }
    render();
  }

  /** Posts an answer for the region shown, then loads the next; a failure is said and the region stays. */
  async function post(answer: SpanAnswer, what: string) {
    const s = shown;
    if (!s || busy) return;
    busy = true;
    renderPanels();
    try {
      const saved = await api.annotate(project.id, answer);
      answered.push({ annotationId: Number(saved.id), shown: s, what });
      say(what, "ok");
    } catch (error) {
      busy = false;
      say(message(error), "error");
      renderPanels();
      return;
    }
    busy = false;
    void context.refreshStats().then(updateProgress, () => undefined);
    await load();
  }

  function submit() {
    const s = shown;
    if (!s || s.mode !== "correct") return;
    const answer = correctAnswer(s.task.documentId, s.region, s.tokens, s.spans, secondsBetween(s.shownAt, performance.now()));
    return post(answer, answer.spans.length
      ? `Saved: ${answer.spans.map((x) => `${x.label} “${s.task.text.slice(x.start, x.end)}”`).join(", ")}.`
      : "Saved: no entities in that sentence.");
  }

  function teach(accept: boolean) {
    const s = shown;
    if (!s || s.mode !== "teach" || !s.suggestion) return;
    const sug = s.suggestion;
    const words = s.task.text.slice(sug.start, sug.end);
    return post(teachAnswer(s.task.documentId, sug, accept, secondsBetween(s.shownAt, performance.now())),
      accept ? `Accepted: “${words}” is ${sug.label}.` : `Rejected: “${words}” is not ${sug.label}.`);
  }

  function skip() {
    const s = shown;
    if (!s) return;
    return post(skipAnswer(s.task.documentId, secondsBetween(s.shownAt, performance.now())), "Skipped.");
  }

  async function undo() {
    if (busy) return;
    const last = answered.at(-1);
    if (!last) return say("There is nothing to undo in this session.", "hint");
    busy = true;
    try {
      try {
        await api.undo(project.id, last.annotationId);
      } catch (error) {
        // Already gone (undone elsewhere): the region can be shown again all the same.
        if (!(error instanceof ApiError && error.problem.status === 404)) throw error;
      }
      answered.pop();
      shown = { ...last.shown, shownAt: performance.now() };
      phase = "showing";
      shownCount++;
      say(`Undone: ${last.what.replace(/\.$/, "")} is taken back.`, "ok");
      void context.refreshStats().then(updateProgress, () => undefined);
    } catch (error) {
      say(message(error), "error");
    } finally {
      busy = false;
    }
    render();
  }

  /** Switches mode; while a request is under way, the region it loads next is in the new mode. */
  function switchMode(mode: SpanMode) {
    if (mode === chosenMode) return;
    chosenMode = mode;
    localStorage.setItem(MODE_KEY, mode);
    say(mode === "teach" ? "Teach mode: accept or reject one suggested entity at a time." : "Correct mode: fix the model’s entities in each sentence, then press Enter.", "ok");
    if (busy) renderPanels();
    else void load();
  }

  const edit = (change: (s: Shown) => Partial<Shown> | null) => {
    const s = shown;
    if (!s || busy || s.mode !== "correct" || s.tokens.length === 0) return;
    const next = change(s);
    if (!next) return;
    shown = { ...s, ...next };
    render();
  };

  function tag(label: string) {
    edit((s) => {
      const range = selection(s.cursor);
      say(`Tagged “${tokenText(s, range.first, range.last)}” as ${label}.`);
      return { spans: assign(s.spans, range, label, overlapping) };
    });
  }

  function selectSpan(index: number) {
    edit((s) => (s.spans[index] ? { cursor: cursorOver(s.spans[index]) } : null));
  }

  function removeSpan(index: number) {
    edit((s) => {
      const span = s.spans[index];
      if (!span) return null;
      say(`Removed ${span.label} “${tokenText(s, span.first, span.last)}”.`);
      return { spans: s.spans.filter((_, i) => i !== index), cursor: cursorAt(s.cursor.focus, s.tokens.length) };
    });
  }

  const updateProgress = (stats: Stats) => {
    replace(progress, `${count(stats.labelled)} / ${count(stats.total)} documents with answers`);
    progressBar.value = stats.total > 0 ? stats.labelled / stats.total : 0;
  };

  // The mouse: a drag (or the browser's double-click word selection) snaps to whole tokens; a click on an entity
  // selects it, on a word puts the cursor there; a double-click selects just that word, also inside an entity.
  // A drag may end outside the text: the button's release is heard on the whole page, for a press that began here.
  let pressed = false;
  docText.addEventListener("mousedown", (e) => { pressed = e.button === 0; });
  const onMouseUp = (e: MouseEvent) => {
    if (!pressed) return;
    pressed = false;
    const s = shown;
    if (!s || s.mode !== "correct" || busy) return;
    const native = window.getSelection();
    if (native && !native.isCollapsed && native.anchorNode && native.focusNode && docText.contains(native.anchorNode) && docText.contains(native.focusNode)) {
      const a = domOffset(native.anchorNode, native.anchorOffset);
      const b = domOffset(native.focusNode, native.focusOffset);
      native.removeAllRanges();
      const range = a === null || b === null ? null : snapToTokens(s.tokens, a, b);
      if (range) edit(() => ({ cursor: a! <= b! ? cursorOver(range) : { anchor: range.last, focus: range.first } }));
      return;
    }
    const target = e.target instanceof Element ? e.target : null;
    const mark = target?.closest<HTMLElement>("[data-span]");
    const token = target?.closest<HTMLElement>("[data-token]");
    if (token && e.shiftKey) edit(() => ({ cursor: { anchor: s.cursor.anchor, focus: Number(token.dataset.token) } }));
    else if (mark && e.detail < 2) selectSpan(Number(mark.dataset.span));
    else if (token) edit(() => ({ cursor: cursorAt(Number(token.dataset.token), s.tokens.length) }));
  };
  document.addEventListener("mouseup", onMouseUp);
  docText.addEventListener("dblclick", (e) => {
    const token = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-token]") : null;
    window.getSelection()?.removeAllRanges();
    if (token) edit((s) => ({ cursor: cursorAt(Number(token.dataset.token), s.tokens.length) }));
  });

  const onKey = (e: KeyboardEvent) => {
    const mode = shown?.mode ?? chosenMode;
    const action = spanActionFor(e, labels, mode, focusKind(e.target));
    if (action.kind === "none") return;
    if (!help.hidden && action.kind !== "escape" && action.kind !== "help") return;
    e.preventDefault();
    switch (action.kind) {
      case "move":
        return edit((s) => ({ cursor: moveCursor(s.cursor, action.delta, action.extend, s.tokens.length) }));
      case "home":
        return edit((s) => ({ cursor: moveCursorTo(s.cursor, 0, action.extend, s.tokens.length) }));
      case "end":
        return edit((s) => ({ cursor: moveCursorTo(s.cursor, s.tokens.length - 1, action.extend, s.tokens.length) }));
      case "assign":
        return tag(action.label);
      case "remove":
        return edit((s) => {
          const { spans, removed } = removeTarget(s.spans, s.cursor);
          if (!removed) {
            say("There is no entity under the cursor to remove.", "hint");
            return null;
          }
          say(`Removed ${removed.label} “${tokenText(s, removed.first, removed.last)}”.`);
          return { spans, cursor: cursorAt(s.cursor.focus, s.tokens.length) };
        });
      case "cycle":
        return edit((s) => {
          const { spans, changed } = cycleTarget(s.spans, s.cursor, labels, action.step);
          if (!changed) {
            say("Put the cursor on an entity to change its type.", "hint");
            return null;
          }
          say(`“${tokenText(s, changed.first, changed.last)}” is now ${changed.label}.`);
          return { spans, cursor: cursorOver(changed) };
        });
      case "submit":
        return void submit();
      case "accept":
        return void teach(true);
      case "reject":
        return void teach(false);
      case "skip":
        return void skip();
      case "undo":
        return void undo();
      case "mode":
        return switchMode(chosenMode === "correct" ? "teach" : "correct");
      case "help":
        help.hidden = !help.hidden;
        return;
      case "guidelines":
        return toggleGuidelines();
      case "escape":
        if (!help.hidden) help.hidden = true;
        else edit((s) => ({ cursor: cursorAt(s.cursor.focus, s.tokens.length) }));
        return;
    }
  };
  document.addEventListener("keydown", onKey);

  const initial = context.stats();
  if (initial) updateProgress(initial);
  void load();
  return () => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("mouseup", onMouseUp);
  };
}

function keyRow(key: string, what: string): HTMLElement {
  return h("tr", {}, h("td", {}, h("kbd", {}, key)), h("td", {}, what));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : `Something went wrong: ${String(error)}`;
}
