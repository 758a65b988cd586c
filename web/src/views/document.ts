import { ApiError, api, type Project } from "../api/client";
import { chip, h, replace } from "../dom";
import { actionFor, isTyping, pick } from "../keys";

/** One document in full, its history, and relabelling. Returns a teardown for the key handler. */
export async function documentView(body: HTMLElement, project: Project, documentId: number): Promise<() => void> {
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });
  const buttons = h("div", { class: "label-buttons" });
  const history = h("ul", { class: "history" });
  let selected: string[] = [];
  const shownAt = performance.now();

  const load = async () => {
    const doc = await api.document(project.id, documentId);
    const mine = doc.annotations.find((a) => a.isCurrent && a.kind === "answer");
    if (selected.length === 0 && mine) selected = [...mine.labels];
    replace(history, ...(doc.annotations.length === 0 ? [h("li", { class: "muted" }, "No one has labelled this document yet.")] :
      doc.annotations.map((a) => h("li", { class: a.isCurrent ? "" : "superseded" },
        a.kind === "skip" ? h("span", { class: "muted" }, "skipped") : null,
        ...a.labels.map((l) => chip(l, colors.get(l))),
        ` by ${a.author}, ${new Date(a.createdAt).toLocaleString()}`,
        a.flagged ? h("span", { class: "flag-mark" }, ` ⚑ ${a.flagNote ?? ""}`) : null,
        a.isCurrent ? null : h("span", { class: "muted" }, " (replaced)")))));
    return doc;
  };

  const renderButtons = () => replace(buttons, ...project.labels.map((l) => {
    const on = selected.includes(l.name);
    const b = h("button", { type: "button", class: on ? "label-button on" : "label-button", testid: `label-button-${l.name}`, "aria-pressed": on ? "true" : "false",
      onclick: () => { selected = pick(selected, l.name, project.multiLabel); renderButtons(); } }, l.name, l.key ? h("kbd", {}, l.key) : null);
    b.style.setProperty("--chip", l.color);
    return b;
  }));

  const save = async () => {
    if (selected.length === 0) {
      replace(status, "Choose a label first.");
      return;
    }
    try {
      await api.annotate(project.id, { documentId, labels: selected, flag: false, skip: false, secondsSpent: Math.round((performance.now() - shownAt) / 100) / 10 });
      replace(status, `Saved as ${selected.join(", ")}.`);
      await load();
    } catch (error) {
      replace(status, error instanceof ApiError ? error.message : String(error));
    }
  };

  const doc = await load();
  const entries = doc.meta && typeof doc.meta === "object" ? Object.entries(doc.meta as Record<string, unknown>) : [];
  replace(body,
    h("p", {}, h("a", { href: `#/projects/${project.id}/browse` }, "← Back to the list")),
    h("div", { class: "doc-text", testid: "doc-text" }, doc.text),
    entries.length ? h("details", { class: "meta", open: true }, h("summary", {}, "Details"),
      h("dl", {}, ...entries.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "string" ? v : JSON.stringify(v))]))) : null,
    h("h2", {}, "Label it"), buttons,
    h("div", { class: "actions" }, h("button", { type: "button", class: "button primary", onclick: () => void save() }, "Save ", h("kbd", {}, "Enter"))),
    status,
    h("h2", {}, "History"), history);
  renderButtons();

  const onKey = (e: KeyboardEvent) => {
    const action = actionFor(e, project.labels, isTyping(e.target));
    if (action.kind === "pick") {
      e.preventDefault();
      selected = pick(selected, action.label, project.multiLabel);
      renderButtons();
    } else if (action.kind === "submit") {
      e.preventDefault();
      void save();
    }
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
