import { describe, expect, it } from "vitest";
import type { Task } from "./api/client";
import { cursorOver } from "./spanCursor";
import type { SpanAnswer } from "./spanAnswers";
import type { SpanMode } from "./spanKeys";
import { SpanSession } from "./spanSession";
import { labels, text, tokens } from "./spanFixture";

// "Ada met Bob in New York.": the model found York as PER (wrong) and suggests New York as LOC in teach mode.
const task = (documentId: number, mode: SpanMode): Task => ({
  documentId, text, meta: null, prediction: null, reason: null, modelVersion: 1,
  region: { start: 0, end: text.length }, tokens, regionNumber: 1, regionCount: 1, regionsAnswered: 0,
  spans: [{ start: 19, end: 23, label: "PER", probability: 0.41 }],
  suggestion: mode === "teach" ? { start: 15, end: 23, label: "LOC", probability: 0.55 } : null,
});

function fake(fail = false) {
  const asked: SpanMode[] = [];
  const posted: SpanAnswer[] = [];
  let id = 0;
  return {
    asked, posted,
    api: {
      next: async (mode: SpanMode) => {
        asked.push(mode);
        return task(10 + asked.length, mode);
      },
      annotate: async (answer: SpanAnswer) => {
        if (fail) throw new Error("The server is down.");
        posted.push(answer);
        return { id: ++id };
      },
      undo: async () => undefined,
    },
  };
}

const session = (api: ReturnType<typeof fake>["api"], mode: SpanMode) => new SpanSession(api, labels, false, mode, () => 0);

describe("the span session", () => {
  it("counts corrections as unsaved until they are saved", async () => {
    const f = fake();
    const s = session(f.api, "correct");
    await s.load();
    expect(s.unsaved).toBe(false);
    s.moveCursor(() => cursorOver({ first: 4, last: 5 }));
    expect(s.tag("LOC")).toEqual({ text: "Tagged “New York” as LOC.", kind: "" });
    expect(s.unsaved).toBe(true);
    await s.submit();
    expect(f.posted[0]).toMatchObject({ documentId: 11, spans: [{ start: 15, end: 23, label: "LOC" }] });
    expect(s.unsaved).toBe(false);
  });

  it("asks before teach mode would drop corrections, and stays on them until told", async () => {
    const f = fake();
    const s = session(f.api, "correct");
    await s.load();
    expect(s.remove()?.text).toBe("Removed PER “York”.");
    const { plan } = s.switchTo("teach");
    expect(plan).toBe("ask");
    expect(s.mode).toBe("correct");
    expect(s.current!.spans).toEqual([]);
    expect(f.asked).toEqual(["correct"]);
  });

  it("saves the corrections, then asks for a teach-mode sentence", async () => {
    const f = fake();
    const s = session(f.api, "correct");
    await s.load();
    s.remove();
    s.switchTo("teach");
    const outcome = await s.saveThenTeach();
    expect(outcome).toEqual({ text: "Saved: no entities in that sentence.", kind: "ok" });
    expect(f.posted).toEqual([expect.objectContaining({ documentId: 11, spans: [], region: { start: 0, end: text.length } })]);
    expect(f.asked).toEqual(["correct", "teach"]);
    expect(s.mode).toBe("teach");
    expect(s.current!.mode).toBe("teach");
  });

  it("stays in correct mode with the corrections when saving them fails", async () => {
    const f = fake(true);
    const s = session(f.api, "correct");
    await s.load();
    s.remove();
    s.switchTo("teach");
    expect(await s.saveThenTeach()).toEqual({ text: "The server is down.", kind: "error" });
    expect(s.mode).toBe("correct");
    expect(s.current!.spans).toEqual([]);
    expect(s.unsaved).toBe(true);
  });

  it("switches without saving only when told to", async () => {
    const f = fake();
    const s = session(f.api, "correct");
    await s.load();
    s.remove();
    s.switchTo("teach");
    expect(s.discardThenTeach().text).toContain("not saved");
    await s.load();
    expect(f.posted).toEqual([]);
    expect(s.current!.mode).toBe("teach");
  });

  it("turns a suggestion's sentence into one to correct, without asking the server, when switching to correct mode", async () => {
    const f = fake();
    const s = session(f.api, "teach");
    await s.load();
    expect(s.current!.mode).toBe("teach");
    expect(s.switchTo("correct").plan).toBe("keep");
    expect(f.asked).toEqual(["teach"]);
    expect(s.current!.task.documentId).toBe(11);
    expect(s.current!.mode).toBe("correct");
    expect(s.current!.spans).toEqual([{ first: 5, last: 5, label: "PER", probability: 0.41 }]);
  });

  it("keeps corrections made in teach mode's fallback when switching to correct mode", async () => {
    const f = fake();
    const s = new SpanSession({ ...f.api, next: async (mode) => { f.asked.push(mode); return { ...task(11, mode), suggestion: null }; } }, labels, false, "teach", () => 0);
    await s.load();
    expect(s.current!.mode).toBe("correct");
    s.remove();
    expect(s.switchTo("correct").plan).toBe("keep");
    expect(s.current!.spans).toEqual([]);
    expect(s.unsaved).toBe(true);
    expect(f.asked).toEqual(["teach"]);
  });

  it("sends the document's flag with every answer on it once set, and nothing about flags before", async () => {
    const f = fake();
    const s = session(f.api, "teach");
    await s.load();
    expect(s.flag).toEqual({ flagged: false, note: "" });
    await s.teach(true);
    expect(f.posted[0]).not.toHaveProperty("flag");
    expect(s.setFlag(true, "  a clause cut in half ")).toBe(true);
    expect(s.flag).toEqual({ flagged: true, note: "a clause cut in half" });
    const outcome = await s.teach(false);
    expect(outcome!.text).toBe("Rejected: “New York” is not LOC. The document is flagged.");
    expect(f.posted[1]).toMatchObject({ documentId: 12, accept: false, flag: true, flagNote: "a clause cut in half" });
    // The next region is of another document: not flagged.
    expect(s.flag).toEqual({ flagged: false, note: "" });
    await s.skip();
    expect(f.posted[2]).not.toHaveProperty("flag");
  });
});
