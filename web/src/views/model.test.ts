import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { projectView } from "./project";
import { spanModel, withoutProgress } from "./model";
import { h } from "../dom";

const hostile = "<img src=x onerror=alert(1)><b>bold</b>";
const project = {
  id: 1, name: "Mail", task: "classification", multiLabel: false, createdAt: "2026-01-01T00:00:00Z", documents: 20, guidelines: "",
  labels: [{ id: 1, name: hostile, key: "s", description: "", color: "#d62728" }, { id: 2, name: "ham", key: "h", description: "", color: "#2ca02c" }],
};
const stats = { total: 20, labelled: 12, skipped: 0, flagged: 0, annotations: 12, labels: [{ name: hostile, count: 6 }, { name: "ham", count: 6 }], annotators: [] };
const noModel = {
  version: 0, labels: 1, trainedAt: null, classes: [hostile, "ham"], message: "The model starts learning once two documents have two different labels.",
  metrics: { crossValidatedAccuracy: null, trainingMs: 0, accuracy: null, macroF1: null, accuracySd: null, perLabel: [], confusion: null },
};
const model = {
  version: 4, labels: 12, trainedAt: "2026-01-01T00:00:00Z", classes: [hostile, "ham"], message: null,
  metrics: {
    crossValidatedAccuracy: 0.9167, trainingMs: 12, accuracy: 0.9167, macroF1: 0.9161, accuracySd: 0.0913,
    perLabel: [{ label: hostile, precision: 1, recall: 0.8333, f1: 0.9091, support: 6 }, { label: "ham", precision: 0.8571, recall: 1, f1: 0.9231, support: 6 }],
    confusion: { labels: [hostile, "ham"], matrix: [[5, 1], [0, 6]] },
  },
};
const history = [10, 11, 12].map((labels, i) => ({
  version: i + 2, labels, accuracy: 0.8 + i * 0.05, macroF1: 0.78 + i * 0.05, accuracySd: 0.1, finishedAt: "2026-01-01T00:00:00Z", status: "succeeded", trainingMs: 10, error: null,
}));

let answers: Record<string, unknown>;

beforeEach(() => {
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    const body = answers[new URL(url, "http://localhost").pathname];
    return new Response(body === undefined ? "" : JSON.stringify(body), { status: body === undefined ? 404 : 200, headers: { "Content-Type": "application/json" } });
  }));
  document.body.innerHTML = '<main id="app"></main>';
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function showModelTab(): Promise<HTMLElement> {
  const app = document.getElementById("app")!;
  const teardown = await projectView(app, 1, "model", undefined, new URLSearchParams());
  teardown?.();
  return app;
}

describe("the model tab", () => {
  it("says in plain words what the model waits for before there is one", async () => {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": noModel, "/api/v1/projects/1/model/history": [] };
    const app = await showModelTab();
    expect(app.querySelector("[data-testid=model-message]")!.textContent).toBe(noModel.message);
    expect(app.querySelector("[data-testid=learning-curve]")).toBeNull();
    expect(app.querySelector("[data-testid=tab-model]")!.classList.contains("active")).toBe(true);
  });

  it("says how many documents labelled by rules the model also learnt from, and nothing about rules without them", async () => {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": { ...model, ruleLabelled: 340 }, "/api/v1/projects/1/model/history": history };
    let app = await showModelTab();
    expect(app.textContent).toContain("learnt from 12 labelled documents and 340 documents labelled by rules (each counting for less than a person's label)");
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": model, "/api/v1/projects/1/model/history": history };
    app = await showModelTab();
    expect(app.textContent).toContain("learnt from 12 labelled documents, ");
    expect(app.textContent).not.toContain("labelled by rules");
  });

  it("shows the scores, the learning curve, the per-label table and the confusion matrix, with names as text", async () => {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": model, "/api/v1/projects/1/model/history": history };
    const app = await showModelTab();
    expect(app.querySelector("[data-testid=model-accuracy]")!.textContent).toBe("92% ± 9%");
    expect(app.querySelector("[data-testid=model-macro-f1]")!.textContent).toBe("92%");

    const curve = app.querySelector("[data-testid=learning-curve]")!;
    expect(curve.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(curve.querySelectorAll("circle")).toHaveLength(6);
    expect(curve.querySelector("path.band")).not.toBeNull();
    expect(curve.textContent).toContain("Labelled documents");

    const rows = [...app.querySelectorAll("[data-testid=per-label] tbody tr")].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([[hostile, "100%", "83%", "91%", "6"], ["ham", "86%", "100%", "92%", "6"]]);

    const cells = [...app.querySelectorAll("[data-testid=confusion] tbody td")] as HTMLElement[];
    expect(cells.map((c) => c.textContent)).toEqual(["5", "1", "0", "6"]);
    expect(cells[0].style.backgroundColor).toBe("rgba(31, 79, 184, 0.83)");
    expect(cells[2].style.backgroundColor).toBe("rgba(31, 79, 184, 0)");
    expect(app.querySelector("[data-testid=label-counts]")!.textContent).toContain(`${hostile}: 6`);
    expect(app.querySelector("img, b, [onerror]")).toBeNull();
  });
});

describe("the model tab's labels difficulty", () => {
  it("shows whether the task looks learnable at the top and how hard each label is below the per-label table", async () => {
    const difficulty = {
      evaluatedLabels: 24,
      labels: [{ label: hostile, support: 12, f1: 0.9, curve: [{ labels: 12, f1: 0.8 }, { labels: 24, f1: 0.9 }], confusedWith: null, note: null },
        { label: "ham", support: 12, f1: 0.92, curve: [{ labels: 24, f1: 0.92 }], confusedWith: null, note: null }],
      feasibility: { verdict: "learnable", text: "The task looks learnable (50% → 92%).", caveat: "A caution.", baseline: 0.5, chance: 0.5, accuracy: 0.92, macroF1: 0.91, labels: 24, holdingBack: [] },
    };
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": model, "/api/v1/projects/1/model/history": history, "/api/v1/projects/1/model/labels": difficulty };
    const app = await showModelTab();
    const sections = [...app.querySelectorAll("[data-testid=feasibility], [data-testid=per-label], [data-testid=label-difficulty]")].map((e) => e.getAttribute("data-testid"));
    expect(sections).toEqual(["feasibility", "per-label", "label-difficulty"]);
    expect(app.querySelector("[data-testid=feasibility-text]")!.textContent).toBe("The task looks learnable (50% → 92%).");
    expect(app.querySelectorAll("[data-testid=difficulty-row]")).toHaveLength(2);
    expect(app.querySelector("img, b, [onerror]")).toBeNull();
  });

  it("shows the rest of the tab when the difficulty cannot be read", async () => {
    answers = { "/api/v1/projects/1": project, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": model, "/api/v1/projects/1/model/history": history };
    const app = await showModelTab();
    expect(app.querySelector("[data-testid=model-accuracy]")!.textContent).toBe("92% ± 9%");
    expect(app.querySelector("[data-testid=feasibility]")!.textContent).toContain("After about 20 labelled documents");
  });
});

describe("the model tab while documents are read", () => {
  it("shows the reading's progress once, as a bar, before there is a model", async () => {
    const reading = { ...noModel, encoding: { done: 1792, total: 5917, stage: "minilm" }, encoder: null,
      message: "The sentence model is reading the documents: 1,792 of 5,917. The model starts learning once two documents have two different labels." };
    answers = { "/api/v1/projects/1": { ...project, encoder: "minilm+tfidf" }, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": reading, "/api/v1/projects/1/model/history": [] };
    const app = await showModelTab();
    expect(app.querySelector("[data-testid=encoding-progress]")!.textContent).toContain("1,792 of 5,917 (30%)");
    expect(app.querySelector("[data-testid=model-message]")!.textContent).toBe("The model starts learning once two documents have two different labels.");
  });

  it("names what the model reads in plain words", async () => {
    const encoders = [{ name: "minilm+tfidf", title: "Meaning and words", description: "", isDefault: true }, { name: "tfidf", title: "Words only", description: "", isDefault: false }];
    answers = { "/api/v1/projects/1": { ...project, encoder: "minilm+tfidf" }, "/api/v1/projects/1/stats": stats, "/api/v1/projects/1/model": { ...model, encoder: "minilm+tfidf", encoding: null },
      "/api/v1/projects/1/model/history": history, "/api/v1/encoders": encoders };
    const app = await showModelTab();
    expect(app.querySelector("[data-testid=model-encoder]")!.textContent).toBe("What it reads: “Meaning and words” (change in Settings).");
    expect(app.querySelector("[data-testid=encoding-note]")).toBeNull();
  });
});

describe("encoding note", () => {
  it("shows how far the sentence model has read and that the model reads words alone meanwhile", async () => {
    const { encodingNote } = await import("./model");
    const reading = { ...model, encoder: "tfidf", encoding: { done: 1200, total: 5000, stage: "minilm" } };
    const note = encodingNote(reading as never, "minilm+tfidf")!;
    expect(note.querySelector("[data-testid=encoding-progress]")!.textContent).toBe("The sentence model is reading documents for their meaning: 1,200 of 5,000 (24%).");
    expect(note.querySelector("progress")!.value).toBeCloseTo(0.24);
    expect(note.querySelector("[data-testid=encoding-words-only]")).not.toBeNull();

    // Words being read after an import, on a project that reads words only: no promise of meaning.
    const words = encodingNote({ ...model, encoder: "tfidf", encoding: { done: 10, total: 40, stage: "words" } } as never, "tfidf")!;
    expect(words.textContent).toContain("Reading the new documents: 10 of 40 (25%).");
    expect(words.querySelector("[data-testid=encoding-words-only]")).toBeNull();

    // A reading started before the project switched to words only: said to be unused for now.
    const unused = encodingNote({ ...model, encoder: "tfidf", encoding: { done: 100, total: 400, stage: "minilm" } } as never, "tfidf")!;
    expect(unused.querySelector("[data-testid=encoding-not-used]")!.textContent).toContain("now reads words only");
    expect(unused.querySelector("[data-testid=encoding-words-only]")).toBeNull();
    expect(words.querySelector("[data-testid=encoding-not-used]")).toBeNull();
    expect(note.querySelector("[data-testid=encoding-not-used]")).toBeNull();

    // Nothing to say once the model reads what the project asks for.
    expect(encodingNote({ ...model, encoder: "minilm+tfidf", encoding: null } as never, "minilm+tfidf")).toBeNull();
  });
});

describe("withoutProgress", () => {
  it("drops the progress sentence the server puts before its message, and leaves any other message alone", () => {
    expect(withoutProgress("Reading the new documents for the model: 10 of 40. The model starts learning once two documents have two different labels."))
      .toBe("The model starts learning once two documents have two different labels.");
    expect(withoutProgress("The sentence model is reading the documents: 1.792 of 5.917. Next.")).toBe("Next.");
    expect(withoutProgress("The model starts learning once two documents have two different labels."))
      .toBe("The model starts learning once two documents have two different labels.");
    expect(withoutProgress(null)).toBeNull();
  });
});

describe("the model tab of a span-tagging project", () => {
  const tagger = {
    version: 3, labels: 40, trainedAt: "2026-01-01T00:00:00Z", classes: [hostile, "LOC"], message: null,
    metrics: { crossValidatedAccuracy: null, trainingMs: 12, accuracy: 0.97, macroF1: 0.6, accuracySd: null, perLabel: [], confusion: null, evaluatedLabels: 25 },
    entities: { evaluatedSentences: 25, folds: 5, entityF1: 0.75, precision: 0.8, recall: 0.7059, macroF1: 0.6, tokenAccuracy: 0.97,
      types: [{ type: hostile, precision: 0.8, recall: 0.8, f1: 0.8, support: 10, predicted: 10, correct: 8 }, { type: "LOC", precision: 0, recall: 0, f1: 0, support: 7, predicted: 0, correct: 0 }] },
  };

  it("shows entity F1, precision and recall and a row per type, type names as text", () => {
    const box = h("div", {}, ...spanModel(tagger as never, [{ name: hostile, color: "#d62728" }], h("span", {}), "/file"));
    expect(box.querySelector("[data-testid=model-entity-f1]")!.textContent).toContain("75");
    expect(box.textContent).toContain("learnt from 40 sentences");
    const rows = [...box.querySelectorAll("[data-testid=per-entity-type] tbody tr")].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows[0][0]).toBe(hostile);
    expect(rows[1]).toEqual(["LOC", "0%", "0%", "0%", "7", "0", "0"]);
    expect(box.querySelector("img")).toBeNull();
  });

  it("says when the figures will come before 20 sentences are answered", () => {
    const early = { ...tagger, entities: null, message: "Entity figures appear once 20 sentences are fully answered (correct mode)." };
    const box = h("div", {}, ...spanModel(early as never, [], h("span", {}), "/file"));
    expect(box.querySelector("[data-testid=model-scores-pending]")!.textContent).toContain("20 sentences");
  });

  it("says what the tagger reads, and how to give it word vectors when it reads words only", () => {
    const words = h("div", {}, ...spanModel({ ...tagger, encoder: "words, labelled entities" } as never, [], h("span", {}), "/file"));
    expect(words.querySelector("[data-testid=tagger-features]")!.textContent).toContain("./tagloop models pull glove-100d");
    const dense = h("div", {}, ...spanModel({ ...tagger, encoder: "words, glove-100d vectors, word clusters" } as never, [], h("span", {}), "/file"));
    const text = dense.querySelector("[data-testid=tagger-features]")!.textContent!;
    expect(text).toContain("GloVe word vectors");
    expect(text).not.toContain("models pull");
    expect(text).not.toContain("remembers");
  });
});
