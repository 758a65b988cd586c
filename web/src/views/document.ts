import { annotator, api, ApiError, type Annotation, type Comment, type DocumentFull } from "../api/client";
import { allows, when } from "../auth";
import { finalSentence } from "../review";
import { chip, h, replace } from "../dom";
import { actionFor, focusKind, keyHint, pick } from "../keys";
import { link } from "../route";
import { browseQuery, browseState, neighbours, type Neighbour } from "./browse";
import { deleteDocumentSentence } from "../taxonomy";
import { confirmBox, focusConfirm } from "./confirm";
import { commentText, count, keepFocusOnClick, labelButtons, metaDetails } from "./parts";
import { highlightedComment } from "../mentions";
import { mentionsPerson } from "./mentions";
import type { ProjectContext } from "./project";

/** One document in full, its history, and relabelling. Returns a teardown for the key handler. */
export async function documentView(body: HTMLElement, context: ProjectContext, documentId: number): Promise<() => void> {
  const { project } = context;
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  const state = browseState(context.query);
  // Opened from the mentions inbox, the way back leads there rather than to the list.
  const fromInbox = context.query.get("from") === "mentions";
  const back = fromInbox ? `#/projects/${project.id}/mentions` : link(`/projects/${project.id}/browse`, browseQuery(state));
  const around = h("nav", { class: "around", "aria-label": "Other documents in the list" });
  const status = h("div", { class: "status", testid: "status", role: "status", "aria-live": "polite" });
  const buttons = h("div", { class: "label-buttons", role: "group", "aria-label": "Labels" });
  const saveButton = h("button", { type: "button", class: "button primary", onclick: () => void save() });
  const history = h("ol", { class: "history" });
  const shownAt = performance.now();
  let selected: string[] = [];
  let saving = false;

  const doc = await api.document(project.id, documentId);
  const current = doc.annotations.filter((a) => a.isCurrent && a.kind === "answer");
  const mine = current.find((a) => a.author === annotator()) ?? (current.length === 1 ? current[0] : undefined);
  if (mine) selected = [...mine.labels];

  const heading = h("h2", {});
  const now = h("p", { class: "small" });
  const renderNow = (annotations: Annotation[]) => {
    const answers = annotations.filter((a) => a.isCurrent && a.kind === "answer");
    replace(heading, answers.length ? "Change the label" : "Label it");
    now.hidden = answers.length === 0;
    replace(now, "Now: ", ...answers.flatMap((a) => [...a.labels.map((l) => chip(l, colors.get(l))), h("span", { class: "muted now-who" }, who(a))]));
  };

  const finalLine = h("p", { class: "final-label", testid: "document-final" });
  const renderFinal = (d: DocumentFull) => {
    finalLine.hidden = !d.final;
    replace(finalLine, d.final ? finalSentence(d.final.labels, d.final.decidedBy, d.final.reviewer) : "");
    if (d.final?.note) finalLine.append(h("span", { class: "muted" }, ` (note: ${d.final.note})`));
  };

  const renderHistory = (annotations: Annotation[]) => replace(history, ...(annotations.length === 0
    ? [h("li", { class: "muted" }, "No one has labelled this document yet.")]
    : [...annotations].reverse().map((a) => h("li", { class: a.isCurrent ? "" : "superseded", testid: "history-item" },
        h("div", {},
          a.kind === "skip" ? h("span", { class: "muted" }, "Skipped") : null,
          ...a.labels.map((l) => chip(l, colors.get(l))),
          ...retired(a),
          a.isCurrent ? null : h("span", { class: "muted" }, notCurrent(a))),
        h("div", { class: "muted small" }, `${who(a)} · ${new Date(a.createdAt).toLocaleString()}`,
          a.secondsSpent != null && a.kind === "answer" && !isImport(a) ? ` · took ${count(Math.round(Number(a.secondsSpent) * 10) / 10)} s` : ""),
        a.flagged ? h("div", { class: "small" }, h("span", { class: "flag-mark" }, "⚑ Flagged"), a.flagNote ? `: ${a.flagNote}` : "") : null))));

  const renderButtons = () => {
    replace(buttons, ...labelButtons(project.labels, selected, (name) => choose(name)));
    replace(saveButton, selected.length ? `Save as ${selected.join(", ")} ` : "Save ", h("kbd", {}, "Enter"));
  };

  const choose = (name: string) => {
    selected = pick(selected, name, project.multiLabel);
    renderButtons();
  };

  const say = (text: string, kind: "ok" | "hint" | "error") => {
    status.className = `status ${kind}`;
    replace(status, text);
  };

  const save = async () => {
    if (saving) return;
    if (selected.length === 0) {
      const keys = keyHint(project.labels);
      say(`Choose ${project.multiLabel ? "at least one label" : "a label"} first${keys ? ` (${keys})` : ""}.`, "hint");
      return;
    }
    saving = true;
    const labels = [...selected];
    try {
      await api.annotate(project.id, { documentId, labels, skip: false, secondsSpent: Math.round((performance.now() - shownAt) / 100) / 10 });
      say(`Saved as ${labels.join(", ")}.`, "ok");
      const [fresh] = await Promise.all([api.document(project.id, documentId), context.refreshStats()]);
      renderHistory(fresh.annotations);
      renderNow(fresh.annotations);
      renderFinal(fresh);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), "error");
    } finally {
      saving = false;
    }
  };

  const deleteSlot = h("div", { class: "document-delete" });
  const deleteButton = h("button", { type: "button", class: "button small danger-quiet", testid: "document-delete", onclick: () => openDelete() }, "Delete this document") as HTMLButtonElement;
  const openDelete = () => {
    const answers = doc.annotations.filter((a) => a.kind === "answer").length;
    const box = confirmBox({
      testid: "document-delete-confirm",
      sentence: deleteDocumentSentence(Number(doc.id), answers),
      confirm: `Delete document #${doc.id}`,
      run: async () => {
        try {
          await api.deleteDocument(project.id, documentId);
        } catch (error) {
          throw new Error(`Not deleted: ${error instanceof ApiError ? error.message : "Tagloop could not be reached. Check that it is still running, then try again."}`);
        }
        void context.refreshStats().catch(() => undefined);
        location.hash = back;
      },
      onCancel: () => {
        replace(deleteSlot);
        deleteButton.focus();
      },
    });
    replace(deleteSlot, box);
    focusConfirm(box);
  };

  document.title = `Document #${doc.id} · ${project.name} · Tagloop`;
  const page = h("div", { class: "document-page" },
    h("div", { class: "document-head" },
      h("a", { href: back, testid: "document-back" }, fromInbox ? "← Back to your mentions" : "← Back to the list"),
      h("h2", {}, `Document #${doc.id}`),
      // Only owners may delete documents: nobody else is offered a button the server would refuse.
      allows(context.role, "owner") ? deleteButton : null,
      around),
    deleteSlot,
    h("div", { class: "document-body" },
      h("div", { class: "document-text" },
        h("div", { class: "doc-text", testid: "doc-text", tabindex: 0, "aria-label": "Document text" }, doc.text),
        metaDetails(doc.meta, true)),
      h("div", { class: "document-side" },
        finalLine,
        heading,
        now,
        buttons,
        h("p", { class: "muted small" }, `${project.multiLabel ? "Pick every label that applies" : "Pick a label"}${keyHint(project.labels) ? ` (${keyHint(project.labels)})` : ""}, then press Enter.`),
        h("div", { class: "actions" }, saveButton),
        status,
        h("h2", {}, "History"),
        h("p", { class: "muted small" }, "Saving adds your answer, or replaces your own earlier one; every answer stays listed here."),
        history,
        commentsPart(project.id, documentId, allows(context.role, "annotator"), mentionsPerson(context), highlightedComment(context.query)))));
  keepFocusOnClick(page);
  const step = (to: Neighbour | undefined, title: string) => to
    ? h("a", { class: "button", href: link(`/projects/${project.id}/documents/${to.id}`, browseQuery({ ...state, page: to.page })) }, title)
    : h("button", { type: "button", class: "button", disabled: true }, title);
  void neighbours(project.id, state, documentId).then(({ previous, next }) => {
    if (previous || next) replace(around, step(previous, "← Previous"), step(next, "Next →"));
  }, () => undefined);
  replace(body, page);
  renderButtons();
  renderHistory(doc.annotations);
  renderNow(doc.annotations);
  renderFinal(doc);

  const onKey = (e: KeyboardEvent) => {
    const action = actionFor(e, project.labels, focusKind(e.target));
    if (action.kind === "pick") {
      e.preventDefault();
      choose(action.label);
    } else if (action.kind === "submit") {
      e.preventDefault();
      void save();
    }
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}

/** The labels a change to the project's labels took away from an answer, struck through. */
function retired(a: Annotation): HTMLElement[] {
  return (a.retiredLabels ?? []).map((name) => h("span", { class: "retired-label", testid: "retired-label", title: "This label was merged, split or deleted later (Settings → History of label changes)." },
    h("s", { class: "chip retired" }, name), h("span", { class: "muted retired-note" }, " (label removed) ")));
}

/** Why an answer no longer counts: a later answer, or a change to the labels that took its label away. */
function notCurrent(a: Annotation): string {
  const labelGone = a.kind === "answer" && (a.retiredLabels?.length ?? 0) > 0 && a.labels.length === 0;
  return labelGone ? " no longer counted: its label was removed" : " replaced by a later answer";
}

function isImport(a: Annotation): boolean {
  return a.source.startsWith("import");
}

/** Who gave an answer, in plain words: a person's name, or the file it was imported from. */
function who(a: Annotation): string {
  return isImport(a) ? "from the imported file" : `by ${a.author}`;
}

/**
 * The document's comment thread (author, time, text, as text; the reader's own @name in bold) and, for those who may
 * write, a box to add one. The comment `highlight` names (a link from the mentions inbox) is picked out and scrolled to.
 */
function commentsPart(projectId: number, documentId: number, canWrite: boolean, reader: string, highlight: number | null): HTMLElement {
  const thread = h("ol", { class: "comments", testid: "comments" });
  const status = h("p", { class: "status", role: "status", "aria-live": "polite", testid: "comment-status" });
  const render = (comments: Comment[]) => replace(thread, ...(comments.length === 0
    ? [h("li", { class: "muted small", testid: "comments-empty" }, "No comments yet.")]
    : comments.map((c) => h("li", {
        testid: "comment",
        "data-comment-id": String(c.id),
        class: c.id === highlight ? "highlight" : undefined,
        "aria-current": c.id === highlight ? "true" : undefined,
      },
        h("div", { class: "muted small" }, h("strong", {}, c.author), ` · ${when(c.createdAt)}`),
        commentText(c.text, reader, "comment-text")))));
  let scrolled = false;
  const load = () => api.comments(projectId, documentId).then((comments) => {
    render(comments);
    const picked = scrolled ? null : thread.querySelector<HTMLElement>("li.highlight");
    if (picked) {
      scrolled = true;
      // jsdom (the unit tests) has no scrolling.
      if (typeof picked.scrollIntoView === "function") picked.scrollIntoView({ block: "center" });
    }
  }, (error: unknown) => {
    replace(thread, h("li", { class: "status error", role: "alert" }, `The comments could not be loaded: ${error instanceof Error ? error.message : String(error)}`));
  });

  const box = h("textarea", { id: "comment-text", testid: "comment-box", rows: 3, maxlength: 4000 });
  const send = h("button", { type: "submit", class: "button small", testid: "comment-send" }, "Add comment") as HTMLButtonElement;
  const form = canWrite
    ? h("form", { class: "comment-form", onsubmit: (e: Event) => { e.preventDefault(); void add(); } },
        h("label", { for: "comment-text", class: "small" }, "Add a comment"),
        box,
        h("p", { class: "muted small" }, "Write @name to mention a colleague by their user name."),
        h("div", { class: "actions" }, send),
        status)
    : null;

  const add = async () => {
    const text = box.value.trim();
    if (!text) {
      status.className = "status hint";
      replace(status, "Write the comment first.");
      return;
    }
    send.disabled = true;
    try {
      await api.addComment(projectId, documentId, { text });
      box.value = "";
      status.className = "status ok";
      replace(status, "Comment added.");
      await load();
    } catch (error) {
      status.className = "status error";
      replace(status, `The comment was not added: ${error instanceof ApiError ? error.message : "Tagloop could not be reached. Check that it is still running, then try again."}`);
    } finally {
      send.disabled = false;
    }
  };

  void load();
  return h("section", { class: "document-comments", "aria-label": "Comments" }, h("h2", {}, "Comments"), thread, form);
}
