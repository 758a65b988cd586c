// The span annotation session as a small state machine, apart from the page, so that its rules can be tested: the
// region on screen and its edits, the mode and what a switch keeps, the flag, what each answer sends, and undo.
import type { Task } from "./api/client";
import type { KeyedLabel } from "./keys";
import { correctAnswer, flagFields, secondsBetween, skipAnswer, teachAnswer, type SpanAnswer } from "./spanAnswers";
import { cursorAt, cursorOver, fallbackTokens, rangeOffsets, selection, toTokenSpans, type Cursor, type Offsets, type TaskSpan, type TokenSpan } from "./spanCursor";
import { assign, cycleTarget, edited, removeTarget } from "./spanEdits";
import type { SpanMode } from "./spanKeys";
import { planModeSwitch, type ModeSwitch } from "./spanModes";
import type { FlagState } from "./views/flag";

/** The region on screen and what the annotator has made of it so far. */
export interface Shown {
  readonly task: Task;
  readonly region: Offsets;
  readonly tokens: Offsets[];
  /** The server sent no tokens: the view made its own (the server snaps answers to its tokens). */
  readonly ownTokens: boolean;
  /** The mode the region is answered in: teach only with a suggestion. */
  readonly mode: SpanMode;
  readonly suggestion: TaskSpan | null;
  /** Asked for in teach mode, but the model had nothing to suggest in it: corrected instead. */
  readonly fallback: boolean;
  readonly spans: TokenSpan[];
  /** The spans the region was shown with: what "unsaved changes" is measured against. */
  readonly shownWith: TokenSpan[];
  readonly cursor: Cursor;
  readonly shownAt: number;
}

/** The three calls a session makes; the page passes the HTTP client, tests a fake. */
export interface SpanSessionApi {
  next(mode: SpanMode): Promise<Task | undefined>;
  annotate(answer: SpanAnswer): Promise<{ id: number }>;
  /** Takes an answer back; one already gone counts as taken back. */
  undo(annotationId: number): Promise<void>;
}

/** A sentence for the status line, and how it is shown. */
export interface Said {
  text: string;
  kind: "ok" | "hint" | "error" | "";
}

export type SpanPhase = "loading" | "showing" | "done" | "failed";

interface Answered {
  annotationId: number;
  shown: Shown;
  what: string;
}

const said = (text: string, kind: Said["kind"] = ""): Said => ({ text, kind });

/** A region in correct mode, starting from the task's spans (the model's and the annotator's own). */
function correcting(task: Task, at: number): Shown {
  const region = task.region ?? { start: 0, end: task.text.length };
  const tokens = task.tokens ?? fallbackTokens(task.text, region);
  const spans = toTokenSpans(tokens, task.spans ?? []);
  return {
    task, region, tokens, ownTokens: !task.tokens, mode: "correct", suggestion: null, fallback: false, spans, shownWith: spans,
    cursor: spans.length ? cursorAt(spans[0].first, tokens.length) : cursorAt(0, tokens.length), shownAt: at,
  };
}

export class SpanSession {
  private shown: Shown | null = null;
  private state: SpanPhase = "loading";
  private working = false;
  private failure: unknown;
  private regions = 0;
  private readonly answered: Answered[] = [];
  /** The flags set or taken off in this session, by document: sent with every answer on the document. */
  private readonly flags = new Map<number, FlagState>();

  constructor(
    private readonly api: SpanSessionApi,
    private readonly labels: readonly KeyedLabel[],
    private readonly overlapping: boolean,
    private chosen: SpanMode,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get current(): Shown | null { return this.shown; }
  get phase(): SpanPhase { return this.state; }
  /** True while a request is under way; edits and answers given meanwhile are ignored. */
  get busy(): boolean { return this.working; }
  get error(): unknown { return this.failure; }
  get canUndo(): boolean { return this.answered.length > 0; }
  /** The mode chosen (a region without a suggestion is corrected even in teach mode). */
  get mode(): SpanMode { return this.chosen; }
  /** How many regions were shown so far: a new one may be of the same document (its next sentence or suggestion). */
  get shownCount(): number { return this.regions; }

  /** True when the region on screen has corrections not saved yet. */
  get unsaved(): boolean {
    const s = this.shown;
    return s !== null && s.mode === "correct" && edited(s.shownWith, s.spans);
  }

  /** The words of tokens first..last of the region on screen. */
  words(first: number, last: number): string {
    const s = this.shown;
    if (!s) return "";
    const at = rangeOffsets(s.tokens, { first, last });
    return s.task.text.slice(at.start, at.end);
  }

  /** Loads a region in the mode chosen; a switch of mode while it was on its way asks again. */
  async load(): Promise<void> {
    if (this.working) return;
    this.working = true;
    this.state = "loading";
    try {
      let task: Task | undefined;
      for (let mode: SpanMode | null = null; mode !== this.chosen;) {
        mode = this.chosen;
        task = await this.api.next(mode);
      }
      this.show(task);
    } catch (error) {
      this.shown = null;
      this.failure = error;
      this.state = "failed";
    } finally {
      this.working = false;
    }
  }

  /** Enter in correct mode: inside the region the entities are exactly those tagged. */
  submit(): Promise<Said | null> {
    const s = this.shown;
    if (!s || s.mode !== "correct") return Promise.resolve(null);
    const answer = correctAnswer(s.task.documentId, s.region, s.tokens, s.spans, secondsBetween(s.shownAt, this.now()));
    return this.post(answer, answer.spans.length
      ? `Saved: ${answer.spans.map((x) => `${x.label} “${s.task.text.slice(x.start, x.end)}”`).join(", ")}.`
      : "Saved: no entities in that sentence.");
  }

  /** Teach mode's yes (accept) or no. */
  teach(accept: boolean): Promise<Said | null> {
    const s = this.shown;
    if (!s || s.mode !== "teach" || !s.suggestion) return Promise.resolve(null);
    const sug = s.suggestion;
    const words = s.task.text.slice(sug.start, sug.end);
    return this.post(teachAnswer(s.task.documentId, sug, accept, secondsBetween(s.shownAt, this.now())),
      accept ? `Accepted: “${words}” is ${sug.label}.` : `Rejected: “${words}” is not ${sug.label}.`);
  }

  skip(): Promise<Said | null> {
    const s = this.shown;
    if (!s) return Promise.resolve(null);
    return this.post(skipAnswer(s.task.documentId, secondsBetween(s.shownAt, this.now())), "Skipped.");
  }

  /** Takes back the last answer of the session and shows its region again as it was answered. */
  async undo(): Promise<Said | null> {
    if (this.working) return null;
    const last = this.answered.at(-1);
    if (!last) return said("There is nothing to undo in this session.", "hint");
    this.working = true;
    try {
      await this.api.undo(last.annotationId);
      this.answered.pop();
      this.shown = { ...last.shown, shownAt: this.now() };
      this.state = "showing";
      this.regions++;
      return said(`Undone: ${last.what.replace(/\.$/, "")} is taken back.`, "ok");
    } finally {
      this.working = false;
    }
  }

  /**
   * Switches mode without dropping what is on screen (see {@link planModeSwitch}): "keep" is done here; after "load"
   * the caller loads the next region; after "ask" it asks, then calls {@link saveThenTeach} or {@link discardThenTeach}.
   */
  switchTo(mode: SpanMode): { plan: ModeSwitch; said?: Said } {
    const s = this.shown;
    const plan = planModeSwitch(this.chosen, mode, s && this.state === "showing" && !this.working ? { mode: s.mode, edited: this.unsaved } : null);
    if (plan === "same") return { plan };
    if (plan === "ask") return { plan, said: said("Your changes to this sentence are not saved yet.", "hint") };
    this.chosen = mode;
    if (plan === "keep") {
      const wasTeach = s!.mode === "teach";
      if (wasTeach) this.shown = correcting(s!.task, this.now());
      return { plan, said: said(wasTeach ? "Correct mode: the same sentence, with the model’s entities to check. Fix them, then press Enter."
        : "Correct mode: your changes to this sentence are kept. Press Enter to save it.", "ok") };
    }
    return { plan, said: said(mode === "teach" ? "Teach mode: accept or reject one suggested entity at a time." : "Correct mode: fix the model’s entities in each sentence, then press Enter.", "ok") };
  }

  /** Saves the corrections on screen, then goes on in teach mode; if the save fails, stays in correct mode with them. */
  async saveThenTeach(): Promise<Said | null> {
    this.chosen = "teach";
    const outcome = await this.submit();
    if (!outcome || outcome.kind === "error") this.chosen = "correct";
    return outcome;
  }

  /** Goes on in teach mode without the corrections on screen (the caller loads the next region). */
  discardThenTeach(): Said {
    this.chosen = "teach";
    return said("Teach mode. Your changes to that sentence were not saved.", "hint");
  }

  // Editing, in correct mode only: each returns what to say, or null when nothing changed.

  moveCursor(to: (s: Shown) => Cursor): boolean {
    return this.edit((s) => ({ cursor: to(s) })) !== null;
  }

  selectSpan(index: number): boolean {
    return this.edit((s) => (s.spans[index] ? { cursor: cursorOver(s.spans[index]) } : null)) !== null;
  }

  tag(label: string): Said | null {
    let text = "";
    return this.edit((s) => {
      const range = selection(s.cursor);
      text = `Tagged “${this.words(range.first, range.last)}” as ${label}.`;
      return { spans: assign(s.spans, range, label, this.overlapping) };
    }) && said(text);
  }

  /** Removes the span under the cursor (index undefined) or the span at index. */
  remove(index?: number): Said | null {
    let text: Said | null = null;
    this.edit((s) => {
      const { spans, removed } = index === undefined ? removeTarget(s.spans, s.cursor)
        : { spans: s.spans.filter((_, i) => i !== index), removed: s.spans[index] ?? null };
      if (!removed) {
        text = said("There is no entity under the cursor to remove.", "hint");
        return null;
      }
      text = said(`Removed ${removed.label} “${this.words(removed.first, removed.last)}”.`);
      return { spans, cursor: cursorAt(s.cursor.focus, s.tokens.length) };
    });
    return text;
  }

  cycle(step: 1 | -1): Said | null {
    let text: Said | null = null;
    this.edit((s) => {
      const { spans, changed } = cycleTarget(s.spans, s.cursor, this.labels, step);
      if (!changed) {
        text = said("Put the cursor on an entity to change its type.", "hint");
        return null;
      }
      text = said(`“${this.words(changed.first, changed.last)}” is now ${changed.label}.`);
      return { spans, cursor: cursorOver(changed) };
    });
    return text;
  }

  /** The flag of the document on screen, as set in this session (unflagged when not touched). */
  get flag(): FlagState | null {
    return this.shown && this.state === "showing" ? this.flags.get(this.shown.task.documentId) ?? { flagged: false, note: "" } : null;
  }

  setFlag(flagged: boolean, note = ""): boolean {
    if (!this.shown) return false;
    this.flags.set(this.shown.task.documentId, { flagged, note: flagged ? note.trim() : "" });
    return true;
  }

  private edit(change: (s: Shown) => Partial<Shown> | null): Shown | null {
    const s = this.shown;
    if (!s || this.working || s.mode !== "correct" || s.tokens.length === 0) return null;
    const next = change(s);
    if (!next) return null;
    this.shown = { ...s, ...next };
    return this.shown;
  }

  private show(task: Task | undefined): void {
    if (!task) {
      this.shown = null;
      this.state = "done";
      return;
    }
    const base = correcting(task, this.now());
    const suggestion = this.chosen === "teach" ? task.suggestion ?? null : null;
    this.shown = suggestion ? { ...base, mode: "teach", suggestion } : { ...base, fallback: this.chosen === "teach" };
    this.state = "showing";
    this.regions++;
  }

  /** Posts an answer for the region shown with the document's flag, then loads the next; a failure leaves the region. */
  private async post(answer: SpanAnswer, what: string): Promise<Said | null> {
    const s = this.shown;
    if (!s || this.working) return null;
    const flag = this.flags.get(s.task.documentId);
    this.working = true;
    try {
      const saved = await this.api.annotate({ ...answer, ...flagFields(flag) });
      this.answered.push({ annotationId: saved.id, shown: s, what });
    } catch (error) {
      return said(error instanceof Error ? error.message : `Something went wrong: ${String(error)}`, "error");
    } finally {
      this.working = false;
    }
    await this.load();
    return said(flag?.flagged ? `${what} The document is flagged.` : what, "ok");
  }
}
