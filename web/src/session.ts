// The annotation session as a small state machine, apart from the page, so that its rules can be tested:
// what is shown, what is selected, what an answer sends, and how undo walks back through the session.
import { keyHint, pick, type KeyedLabel } from "./keys";

/** The model's guess for a document, when there is a model. */
export interface Guess {
  label: string;
  confidence: number;
}

export interface TaskLike {
  documentId: number;
  text: string;
  meta?: unknown;
  prediction?: Guess | null;
  /** Why the queue chose this document, in plain words. */
  reason?: string | null;
  /** True when a change to the labels (a split) sent the document back to be labelled again; `reason` says why. */
  relabel?: boolean;
  /** True when an owner set the document aside for this annotator. */
  assigned?: boolean;
}

export interface Answer {
  documentId: number;
  labels: string[];
  secondsSpent: number;
  flag: boolean;
  flagNote: string | null;
  skip: boolean;
}

/** The three calls a session makes; the page passes the HTTP client, tests pass a fake. */
export interface SessionApi {
  next(): Promise<TaskLike | undefined>;
  annotate(answer: Answer): Promise<{ id: number }>;
  undo(annotationId: number): Promise<void>;
}

/** The document on screen and what the annotator has chosen for it so far. */
export interface Shown {
  readonly documentId: number;
  readonly text: string;
  readonly meta: unknown;
  readonly prediction: Guess | null;
  readonly reason: string | null;
  /** The document came back because a change to the labels took its answer away: choose again. */
  readonly relabel: boolean;
  /** An owner set it aside for this annotator. */
  readonly assigned: boolean;
  readonly selected: readonly string[];
  readonly flagged: boolean;
  readonly flagNote: string;
  readonly shownAt: number;
}

export type Outcome =
  | { kind: "saved"; labels: readonly string[]; flagged: boolean }
  | { kind: "skipped"; flagged: boolean }
  | { kind: "undone"; labels: readonly string[]; skipped: boolean }
  | { kind: "hint"; message: string }
  | { kind: "ignored" };

/** What the hint says of a document whose answer was just taken back (its earlier guess is out of date). */
export const UNDONE_REASON = "You took your answer back: answer it again.";

/** "loading": waiting for a document; "showing": one is on screen; "done": nothing is left; "failed": loading failed. */
export type Phase = "loading" | "showing" | "done" | "failed";

interface Answered {
  annotationId: number;
  shown: Shown;
  skipped: boolean;
}

export class AnnotationSession {
  private shown: Shown | null = null;
  private state: Phase = "loading";
  private working = false;
  private readonly answered: Answered[] = [];
  private failure: unknown;

  constructor(
    private readonly api: SessionApi,
    private readonly labels: readonly KeyedLabel[],
    private readonly multiLabel: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get current(): Shown | null {
    return this.shown;
  }

  get phase(): Phase {
    return this.state;
  }

  /** True while a request is under way; commands given meanwhile are ignored, never queued. */
  get busy(): boolean {
    return this.working;
  }

  get canUndo(): boolean {
    return this.answered.length > 0;
  }

  /** Why the last load failed (phase "failed"). */
  get error(): unknown {
    return this.failure;
  }

  /** Loads the first document, or loads again after a failure. */
  async load(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      await this.loadNext();
    } finally {
      this.working = false;
    }
  }

  pick(label: string): boolean {
    if (this.working || !this.shown || !this.labels.some((l) => l.name === label)) return false;
    this.shown = { ...this.shown, selected: pick(this.shown.selected, label, this.multiLabel) };
    return true;
  }

  flag(note: string): boolean {
    if (!this.shown) return false;
    this.shown = { ...this.shown, flagged: true, flagNote: note.trim() };
    return true;
  }

  unflag(): boolean {
    if (!this.shown) return false;
    this.shown = { ...this.shown, flagged: false, flagNote: "" };
    return true;
  }

  /** Enter: saves the chosen labels, or explains what is missing. */
  async accept(): Promise<Outcome> {
    const shown = this.shown;
    if (this.working || !shown) return { kind: "ignored" };
    if (shown.selected.length === 0) {
      const keys = keyHint(this.labels);
      const what = this.multiLabel ? "Choose at least one label" : "Choose a label";
      return { kind: "hint", message: `${what} first${keys ? ` (${keys})` : ""}, or press Space to skip.` };
    }
    await this.answer(shown, false);
    return { kind: "saved", labels: shown.selected, flagged: shown.flagged };
  }

  /** Space: records a skip (with the flag, if any) and moves on. */
  async skip(): Promise<Outcome> {
    const shown = this.shown;
    if (this.working || !shown) return { kind: "ignored" };
    await this.answer(shown, true);
    return { kind: "skipped", flagged: shown.flagged };
  }

  /** Backspace: takes back the last answer of this session and shows its document again as it was answered. */
  async undo(): Promise<Outcome> {
    if (this.working) return { kind: "ignored" };
    const last = this.answered.at(-1);
    if (!last) return { kind: "hint", message: "There is nothing to undo in this session." };
    this.working = true;
    try {
      await this.api.undo(last.annotationId);
      this.answered.pop();
      // The model's guess and reason were the model's before the answer; it has learnt since, so they are not shown again.
      this.shown = { ...last.shown, prediction: null, reason: UNDONE_REASON, relabel: false, shownAt: this.now() };
      this.state = "showing";
    } finally {
      this.working = false;
    }
    return { kind: "undone", labels: last.shown.selected, skipped: last.skipped };
  }

  private async answer(shown: Shown, skip: boolean): Promise<void> {
    this.working = true;
    try {
      const saved = await this.api.annotate({
        documentId: shown.documentId,
        labels: skip ? [] : [...shown.selected],
        secondsSpent: Math.max(0, Math.round((this.now() - shown.shownAt) / 100) / 10),
        flag: shown.flagged,
        flagNote: shown.flagged && shown.flagNote ? shown.flagNote : null,
        skip,
      });
      this.answered.push({ annotationId: saved.id, shown, skipped: skip });
      // The answer is saved; a failure to load the next document is shown as such and can be retried.
      await this.loadNext();
    } finally {
      this.working = false;
    }
  }

  private async loadNext(): Promise<void> {
    this.shown = null;
    this.state = "loading";
    this.failure = undefined;
    try {
      const task = await this.api.next();
      this.shown = task
        ? {
            documentId: task.documentId, text: task.text, meta: task.meta ?? null, prediction: task.prediction ?? null, reason: task.reason ?? null,
            relabel: task.relabel ?? false, assigned: task.assigned ?? false, selected: [], flagged: false, flagNote: "", shownAt: this.now(),
          }
        : null;
      this.state = task ? "showing" : "done";
    } catch (error) {
      this.failure = error;
      this.state = "failed";
    }
  }
}
