import { api, ApiError, type ReviewItem, type ReviewPage } from "../api/client";
import { chip, h, paint, replace } from "../dom";
import { answerWords, decidedWords, isReason, percent, REASONS, reasonFilters, reasonTitle, reasonWords } from "../review";
import { link } from "../route";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";

const pageSize = 20;

/** A problem from the server as a sentence. */
function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Tagloop could not be reached. Check that it is still running, then try again.";
}

/** The review queue: documents waiting for a reviewer's decision, with filters by reason and a final label to set on each. */
export async function reviewView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  const asked = context.query.get("reason");
  let reason: string = isReason(asked) ? asked : "all";
  let page = 1;
  let allTotal: number | undefined;
  let counts: Record<string, number> = {};
  let total = 0;

  const filters = h("div", { class: "review-filters", role: "group", "aria-label": "Show the documents waiting because of" });
  const summary = h("p", { class: "muted small", role: "status", "aria-live": "polite", testid: "review-summary" });
  const done = h("p", { class: "status ok", testid: "review-done", role: "status", "aria-live": "polite" });
  done.hidden = true;
  const list = h("div", { class: "review-list", testid: "review-list" });
  const pager = h("nav", { class: "pager", "aria-label": "Pages" });

  const renderFilters = () => replace(filters, ...reasonFilters(counts, allTotal).map((f) => h("button", {
    type: "button",
    class: f.reason === reason ? "button small on" : "button small",
    testid: `review-filter-${f.reason}`,
    "aria-pressed": f.reason === reason ? "true" : "false",
    title: f.reason === "all" ? "Every document waiting for a reviewer" : reasonWords(f.reason),
    onclick: () => {
      reason = f.reason;
      page = 1;
      done.hidden = true;
      void reload();
    },
  }, f.count === undefined ? f.title : `${f.title} (${count(f.count)})`)));

  const renderSummary = () => {
    if (total === 0) {
      replace(summary, "");
      return;
    }
    const first = (page - 1) * pageSize + 1;
    const shown = list.querySelectorAll("[data-testid=review-item]").length;
    replace(summary, `Showing ${count(first)}–${count(first + Math.max(shown, 1) - 1)} of ${plural(total, "document")} waiting`);
  };

  const empty = () => h("p", { class: "model-message", testid: "review-empty" }, reason === "all"
    ? "Nothing is waiting for a review. Documents appear here when people's answers differ, when someone flags one, when a label is split, or when the model is confident a label is wrong."
    : `No document is waiting for this reason. ${reasonWords(reason)}`);

  /** After a final label is set: the item leaves the list and the counts go down. */
  const settled = (item: ReviewItem, element: HTMLElement, labels: string[]) => {
    element.remove();
    for (const r of item.reasons) if (counts[r]) counts[r] -= 1;
    if (allTotal !== undefined) allTotal = Math.max(0, allTotal - 1);
    total = Math.max(0, total - 1);
    renderFilters();
    done.hidden = false;
    replace(done, `Final label for document #${item.documentId} set to ${labels.join(", ")}.`);
    if (!list.querySelector("[data-testid=review-item]")) {
      if (total > 0) void reload();
      else replace(list, empty());
    }
    renderSummary();
    void context.refreshStats().catch(() => undefined);
  };

  const itemView = (item: ReviewItem): HTMLElement => {
    const status = h("p", { class: "status", role: "status", "aria-live": "polite", testid: "review-item-status" });
    const noteId = `review-note-${item.documentId}`;
    const note = h("input", { type: "text", id: noteId, class: "review-note", testid: "review-note", maxlength: 2000, autocomplete: "off", placeholder: "Why this label (optional)" });
    let busy = false;
    const element = h("article", { class: "review-item", testid: "review-item", "data-document-id": String(item.documentId) });

    const setFinal = async (labels: string[]) => {
      if (busy) return;
      if (labels.length === 0) {
        status.className = "status hint";
        replace(status, "Tick at least one label first.");
        return;
      }
      busy = true;
      status.className = "status";
      replace(status, "Saving…");
      try {
        await api.setFinal(project.id, Number(item.documentId), { labels, note: note.value.trim() || null });
        settled(item, element, labels);
      } catch (error) {
        status.className = "status error";
        replace(status, `The final label was not set: ${problemText(error)}`);
      } finally {
        busy = false;
      }
    };

    let decide: HTMLElement;
    if (project.multiLabel) {
      const boxes = project.labels.map((l) => {
        const box = h("input", { type: "checkbox", value: l.name, testid: `review-check-${l.name}`, checked: (item.final ?? []).includes(l.name) });
        const tag = h("label", { class: "review-check" }, box, " ", chip(l.name, l.color));
        return { box, tag };
      });
      decide = h("div", { class: "review-decide", role: "group", "aria-label": `Final label for document #${item.documentId}` },
        ...boxes.map((b) => b.tag),
        h("button", { type: "button", class: "button primary small", testid: "review-set", onclick: () => void setFinal(boxes.filter((b) => b.box.checked).map((b) => b.box.value)) }, "Set final label"));
    } else {
      decide = h("div", { class: "review-decide label-buttons", role: "group", "aria-label": `Final label for document #${item.documentId}` },
        ...project.labels.map((l) => {
          const b = h("button", { type: "button", class: "label-button", testid: `review-set-${l.name}`, title: `Make “${l.name}” the final label`, onclick: () => void setFinal([l.name]) },
            h("span", { class: "label-name" }, l.name));
          paint(b, l.color);
          return b;
        }));
    }

    const labelsOf = (names: readonly string[]) => names.map((n) => chip(n, colors.get(n)));
    replace(element,
      h("div", { class: "review-item-head" },
        h("a", { href: link(`/projects/${project.id}/documents/${item.documentId}`) }, `Document #${item.documentId}`),
        h("span", { class: "review-reasons" }, ...item.reasons.map((r) => h("span", { class: `reason-tag reason-${isReason(r) ? r : "other"}`, title: reasonWords(r), testid: "review-reason" }, reasonTitle(r))))),
      h("div", { class: "doc-text review-text", testid: "review-text" }, item.text),
      h("ul", { class: "review-why small" }, ...item.reasons.map((r) => h("li", {}, reasonWords(r)))),
      item.relabelReason ? h("p", { class: "small" }, `Why it was sent back: ${item.relabelReason}`) : null,
      h("div", { class: "review-answers" },
        h("h3", {}, "Answers"),
        item.answers.length === 0
          ? h("p", { class: "muted small" }, "Nobody has answered yet.")
          : h("ul", {}, ...item.answers.map((a) => h("li", { testid: "review-answer" },
              h("strong", {}, a.author), ": ",
              a.skipped || a.labels.length === 0 ? h("span", { class: "muted" }, answerWords(a)) : h("span", {}, ...labelsOf(a.labels)),
              a.flagged ? h("span", { class: "small" }, " ", h("span", { class: "flag-mark" }, "⚑ Flagged"), a.flagNote ? `: ${a.flagNote}` : "") : null)))),
      h("p", { class: "small", testid: "review-final" },
        "Final label so far: ",
        item.final && item.final.length && item.decidedBy !== "undecided"
          ? h("span", {}, ...labelsOf(item.final), ` (${decidedWords(item.decidedBy)})`)
          : h("span", { class: "muted" }, item.decidedBy ? decidedWords(item.decidedBy) : "none")),
      item.suggested
        ? h("p", { class: "small review-suggested", testid: "review-suggested" },
            "The model suggests ", chip(item.suggested, colors.get(item.suggested)),
            item.suggestedConfidence != null ? ` (${percent(Number(item.suggestedConfidence))} confident)` : "")
        : null,
      h("div", { class: "review-action" },
        h("p", { class: "small" }, project.multiLabel ? "Tick every label that applies, then set the final label:" : "Choose the final label:"),
        decide,
        h("label", { for: noteId, class: "small review-note-label" }, "Note for the team (optional)"),
        note,
        status));
    return element;
  };

  let loading = 0;
  const load = async () => {
    const ticket = ++loading;
    history.replaceState(null, "", link(`/projects/${project.id}/review`, { reason: reason === "all" ? undefined : reason }));
    const result: ReviewPage = await api.review(project.id, { reason: reason === "all" ? undefined : reason, page, pageSize });
    if (ticket !== loading) return;
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    if (page > pages) {
      page = pages;
      return load();
    }
    counts = { ...result.counts };
    total = result.total;
    if (reason === "all") allTotal = result.total;
    renderFilters();
    replace(list, ...(result.items.length === 0 ? [empty()] : result.items.map(itemView)));
    renderSummary();
    const go = (to: number) => { page = to; void reload().then(() => window.scrollTo({ top: 0 })); };
    pager.hidden = pages <= 1;
    replace(pager,
      h("button", { type: "button", class: "button", disabled: page <= 1, onclick: () => go(page - 1) }, "← Previous"),
      h("span", {}, `Page ${count(page)} of ${count(pages)}`),
      h("button", { type: "button", class: "button", disabled: page >= pages, onclick: () => go(page + 1) }, "Next →"));
  };

  const reload = () => load().catch((error: unknown) => {
    replace(list, h("p", { class: "status error", role: "alert", testid: "review-error" }, `The review list could not be loaded: ${problemText(error)}`));
  });

  replace(body,
    h("div", { class: "review" },
      h("p", { class: "muted" }, "Documents that need a reviewer's decision. The final label you set is what the model learns and what exports give as final; everyone's own answers stay as they were."),
      filters,
      h("ul", { class: "review-reasons-help muted small" }, ...REASONS.map((r) => h("li", {}, reasonWords(r)))),
      summary,
      done,
      list,
      pager));
  renderFilters();
  await reload();
}
