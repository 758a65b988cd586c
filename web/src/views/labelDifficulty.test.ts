import { describe, expect, it } from "vitest";
import type { LabelDifficultyReport } from "../api/client";
import { feasibilitySection, labelDifficultySection } from "./labelDifficulty";

const hostile = "<img src=x onerror=alert(1)><b>lease</b>";
const labels = [{ id: 7, name: "rental", color: "#1f77b4" }, { id: 9, name: hostile, color: "#d62728" }, { id: 11, name: "fees", color: "#2ca02c" }];
const note = { kind: "consider-merging", text: `The model can hardly tell “${hostile}” from “rental”.`, merge: hostile, into: "rental" };
const report: LabelDifficultyReport = {
  evaluatedLabels: 44,
  labels: [
    { label: "rental", support: 14, f1: 0.74, curve: [{ labels: 12, f1: 0.5 }, { labels: 44, f1: 0.74 }], confusedWith: { label: hostile, count: 0, back: 10, share: 0 }, note },
    { label: hostile, support: 10, f1: 0, curve: [{ labels: 12, f1: 0.2 }, { labels: 44, f1: 0 }], confusedWith: { label: "rental", count: 10, back: 0, share: 1 }, note },
    { label: "fees", support: 5, f1: 0.6, curve: [{ labels: 44, f1: 0.6 }], confusedWith: null, note: { kind: "too-rare", text: "Only 5 documents are labelled “fees”.", merge: null, into: null } },
  ],
  feasibility: {
    verdict: "learnable", text: "The model already beats guessing the most common label (“rental”) (32% → 77%).",
    caveat: "A caution: the model picked most of these documents itself.", baseline: 0.32, chance: 0.33, accuracy: 0.77, macroF1: 0.45, labels: 44, holdingBack: [hostile, "fees"],
  },
};

describe("how hard each label is", () => {
  it("shows each label's curve, F1, documents, partner and note, names as text, with links to merge for owners", () => {
    const section = labelDifficultySection(report, { projectId: 3, labels, canEditLabels: true }, false);
    const rows = [...section.querySelectorAll<HTMLElement>("[data-testid=difficulty-row]")];
    expect(rows.map((r) => r.dataset.label)).toEqual(["rental", hostile, "fees"]);
    expect(rows[1].querySelector("[data-testid=difficulty-f1]")!.textContent).toBe("F1 0%");
    expect(rows[1].textContent).toContain("10 documents");
    expect(rows[1].querySelector("[data-testid=difficulty-partner]")!.textContent).toBe("Mixed up most with “rental”: 10 of its 10 documents were taken for “rental” (100%); none the other way.");
    expect(rows[0].querySelector("[data-testid=difficulty-curve] path")!.getAttribute("d")).toMatch(/^M3 /);
    expect(rows[2].querySelector("[data-testid=difficulty-curve] path")).toBeNull();
    expect(rows[2].querySelector("[data-testid=difficulty-curve] circle")).not.toBeNull();

    const links = rows.map((r) => r.querySelector<HTMLAnchorElement>("[data-testid=difficulty-link]"));
    expect(links[1]!.getAttribute("href")).toBe("#/projects/3/settings?merge=9&into=7");
    expect(links[1]!.textContent).toBe(`Merge “${hostile}” into “rental”…`);
    expect(links[0]!.getAttribute("href")).toBe("#/projects/3/settings?merge=9&into=7");
    expect(links[2]!.getAttribute("href")).toBe("#/projects/3/settings?merge=11");
    expect(rows[2].querySelector("[data-testid=difficulty-note]")!.getAttribute("data-kind")).toBe("too-rare");
    expect(section.querySelector("img, b, [onerror]")).toBeNull();
  });

  it("tells others that an owner merges and splits labels instead of linking", () => {
    const section = labelDifficultySection(report, { projectId: 3, labels, canEditLabels: false }, false);
    expect(section.querySelector("[data-testid=difficulty-link]")).toBeNull();
    expect(section.textContent).toContain("A project owner can merge or split labels in Settings → Labels.");
  });

  it("says when it will appear before the model is checked", () => {
    const section = labelDifficultySection({ evaluatedLabels: 0, labels: [], feasibility: null }, { projectId: 3, labels, canEditLabels: true }, false);
    expect(section.textContent).toContain("This appears once the model has been checked, from 10 labelled documents.");
  });
});

describe("whether the task looks learnable", () => {
  it("gives the verdict, the server's words and the caveat", () => {
    const section = feasibilitySection(report, 44, { projectId: 3, labels, canEditLabels: true });
    expect(section.dataset.verdict).toBe("learnable");
    expect(section.querySelector("[data-testid=feasibility-verdict]")!.textContent).toBe("The task looks learnable");
    expect(section.querySelector("[data-testid=feasibility-text]")!.textContent).toContain("(32% → 77%)");
    expect(section.querySelector("[data-testid=feasibility-caveat]")!.textContent).toContain("picked most of these documents itself");
    expect(section.querySelector("a")!.getAttribute("href")).toBe("#/projects/3/settings");
  });

  it("says when the verdict will come before there are enough labels", () => {
    const section = feasibilitySection({ ...report, feasibility: null }, 12, { projectId: 3, labels, canEditLabels: false });
    expect(section.textContent).toContain("After about 20 labelled documents this says whether the task looks learnable");
    expect(section.textContent).toContain("12 so far");
  });
});
