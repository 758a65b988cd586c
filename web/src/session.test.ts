import { describe, expect, it } from "vitest";
import { AnnotationSession, UNDONE_REASON, type Answer, type SessionApi, type TaskLike } from "./session";

const labels = [
  { name: "spam", key: "s" },
  { name: "ham", key: "h" },
];

/** A fake server: a queue of documents that hands back undone documents first, like the real lease. */
class FakeApi implements SessionApi {
  readonly answers: (Answer & { id: number })[] = [];
  readonly undone: number[] = [];
  failNext = false;
  failAnnotate = false;
  private nextId = 100;

  constructor(private readonly queue: TaskLike[]) {}

  async next(): Promise<TaskLike | undefined> {
    if (this.failNext) throw new Error("offline");
    const answered = new Set(this.answers.map((a) => a.documentId));
    return this.queue.find((t) => !answered.has(t.documentId));
  }

  async annotate(answer: Answer): Promise<{ id: number }> {
    if (this.failAnnotate) throw new Error("rejected");
    const saved = { ...answer, id: this.nextId++ };
    this.answers.push(saved);
    return saved;
  }

  async undo(annotationId: number): Promise<void> {
    this.undone.push(annotationId);
    const i = this.answers.findIndex((a) => a.id === annotationId);
    this.answers.splice(i, 1);
  }
}

const docs = (n: number): TaskLike[] => Array.from({ length: n }, (_, i) => ({ documentId: i + 1, text: `document ${i + 1}`, meta: null }));

function session(api: SessionApi, multiLabel = false) {
  let clock = 0;
  const s = new AnnotationSession(api, labels, multiLabel, () => clock);
  return { s, tick: (ms: number) => (clock += ms) };
}

describe("annotation session", () => {
  it("shows the first document, saves the picked label with the time spent, and moves on", async () => {
    const api = new FakeApi(docs(3));
    const { s, tick } = session(api);
    await s.load();
    expect(s.phase).toBe("showing");
    expect(s.current?.documentId).toBe(1);

    s.pick("ham");
    s.pick("spam");
    tick(2340);
    expect(await s.accept()).toEqual({ kind: "saved", labels: ["spam"], flagged: false });
    expect(api.answers).toEqual([{ id: 100, documentId: 1, labels: ["spam"], secondsSpent: 2.3, flag: false, flagNote: null, skip: false }]);
    expect(s.current?.documentId).toBe(2);
    expect(s.current?.selected).toEqual([]);
  });

  it("keeps the model's guess and the reason with the document, and drops them, out of date, when undo brings it back", async () => {
    const api = new FakeApi([{ documentId: 1, text: "a", prediction: { label: "spam", confidence: 0.8 }, reason: "the model is unsure" }, ...docs(3).slice(1)]);
    const { s } = session(api);
    await s.load();
    expect(s.current).toMatchObject({ prediction: { label: "spam", confidence: 0.8 }, reason: "the model is unsure" });
    s.pick("ham");
    await s.accept();
    expect(s.current).toMatchObject({ documentId: 2, prediction: null, reason: null });
    await s.undo();
    expect(s.current).toMatchObject({ documentId: 1, prediction: null, reason: UNDONE_REASON, selected: ["ham"] });
  });

  it("does not save with nothing selected: it explains which keys to press", async () => {
    const api = new FakeApi(docs(2));
    const { s } = session(api);
    await s.load();
    const outcome = await s.accept();
    expect(outcome.kind).toBe("hint");
    expect(outcome.kind === "hint" && outcome.message).toContain("s for spam, h for ham");
    expect(api.answers).toHaveLength(0);
    expect(s.current?.documentId).toBe(1);
  });

  it("toggles labels in multi-label projects", async () => {
    const api = new FakeApi(docs(1));
    const { s } = session(api, true);
    await s.load();
    s.pick("spam");
    s.pick("ham");
    s.pick("spam");
    s.pick("spam");
    await s.accept();
    expect(api.answers[0].labels).toEqual(["ham", "spam"]);
  });

  it("ignores names that are not labels of the project", async () => {
    const { s } = session(new FakeApi(docs(1)));
    await s.load();
    expect(s.pick("eggs")).toBe(false);
    expect(s.current?.selected).toEqual([]);
  });

  it("skips with no labels, carrying the flag and its note", async () => {
    const api = new FakeApi(docs(2));
    const { s } = session(api);
    await s.load();
    s.pick("spam");
    s.flag("  odd sender ");
    expect(await s.skip()).toEqual({ kind: "skipped", flagged: true });
    expect(api.answers[0]).toMatchObject({ documentId: 1, labels: [], skip: true, flag: true, flagNote: "odd sender" });
  });

  it("sends no note when the flag was removed again", async () => {
    const api = new FakeApi(docs(1));
    const { s } = session(api);
    await s.load();
    s.flag("unsure");
    s.unflag();
    s.pick("ham");
    await s.accept();
    expect(api.answers[0]).toMatchObject({ flag: false, flagNote: null });
  });

  it("undoes back through the session, restoring each document as it was answered", async () => {
    const api = new FakeApi(docs(4));
    const { s } = session(api);
    await s.load();
    s.pick("spam");
    await s.accept();
    s.pick("ham");
    s.flag("check");
    await s.accept();
    await s.skip();
    expect(s.current?.documentId).toBe(4);

    expect(await s.undo()).toEqual({ kind: "undone", labels: [], skipped: true });
    expect(s.current?.documentId).toBe(3);

    expect(await s.undo()).toEqual({ kind: "undone", labels: ["ham"], skipped: false });
    expect(s.current).toMatchObject({ documentId: 2, selected: ["ham"], flagged: true, flagNote: "check" });

    expect(await s.undo()).toMatchObject({ kind: "undone", labels: ["spam"] });
    expect(s.current?.documentId).toBe(1);
    expect(api.undone).toEqual([102, 101, 100]);

    expect((await s.undo()).kind).toBe("hint");
    expect(s.canUndo).toBe(false);

    // Answering again after undo records a new answer and continues where the queue is.
    s.pick("ham");
    await s.accept();
    expect(api.answers.map((a) => [a.documentId, a.labels])).toEqual([[1, ["ham"]]]);
    expect(s.current?.documentId).toBe(2);
  });

  it("reaches done when nothing is left, and undo brings the last document back", async () => {
    const api = new FakeApi(docs(1));
    const { s } = session(api);
    await s.load();
    s.pick("spam");
    await s.accept();
    expect(s.phase).toBe("done");
    expect(s.current).toBeNull();
    await s.undo();
    expect(s.phase).toBe("showing");
    expect(s.current?.selected).toEqual(["spam"]);
  });

  it("ignores commands while a request is under way instead of queueing them", async () => {
    const api = new FakeApi(docs(3));
    const { s } = session(api);
    await s.load();
    s.pick("spam");
    const first = s.accept();
    expect(s.busy).toBe(true);
    expect(s.pick("ham")).toBe(false);
    expect(await s.accept()).toEqual({ kind: "ignored" });
    expect(await s.skip()).toEqual({ kind: "ignored" });
    expect(await s.undo()).toEqual({ kind: "ignored" });
    await first;
    expect(s.busy).toBe(false);
    expect(api.answers).toHaveLength(1);
  });

  it("keeps the document and its choice when saving fails", async () => {
    const api = new FakeApi(docs(2));
    const { s } = session(api);
    await s.load();
    s.pick("ham");
    api.failAnnotate = true;
    await expect(s.accept()).rejects.toThrow("rejected");
    expect(s.busy).toBe(false);
    expect(s.current).toMatchObject({ documentId: 1, selected: ["ham"] });
  });

  it("reports a failed load separately from the saved answer, and loads again on request", async () => {
    const api = new FakeApi(docs(2));
    const { s } = session(api);
    await s.load();
    s.pick("ham");
    api.failNext = true;
    expect((await s.accept()).kind).toBe("saved");
    expect(s.phase).toBe("failed");
    expect(String(s.error)).toContain("offline");
    expect(s.canUndo).toBe(true);
    api.failNext = false;
    await s.load();
    expect(s.current?.documentId).toBe(2);
  });

  it("keeps a document sent back by a change to the labels marked as such, until its answer is taken back", async () => {
    const reason = "It was labelled 'billing', which was split into 'refund', 'invoice': choose again.";
    const api = new FakeApi([{ documentId: 7, text: "Charged twice", meta: null, reason, relabel: true }, ...docs(1)]);
    const { s } = session(api);
    await s.load();
    expect(s.current).toMatchObject({ documentId: 7, relabel: true, reason });
    s.pick("spam");
    await s.accept();
    expect(s.current).toMatchObject({ documentId: 1, relabel: false, reason: null });
    await s.undo();
    expect(s.current).toMatchObject({ documentId: 7, relabel: false, reason: UNDONE_REASON });
  });
});
