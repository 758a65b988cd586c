import { api, ApiError, type Stats } from "../api/client";
import { chip, h, replace } from "../dom";
import { link } from "../route";
import { deleteSelectionButton, deleteSelectionSentence } from "../taxonomy";
import { confirmBox, confirmError, focusConfirm } from "./confirm";
import { count, plural } from "./parts";
import type { ProjectContext } from "./project";

const pageSize = 25;

/** What the "Likely mislabels" filter lists, in one line. */
export const SUSPECT_WORDS = "Likely mislabels: answers the model, trained without each document, confidently disagrees with. Check them; the model can be wrong too.";


/** The filter, search and page of the list, kept in the address so that Back and reload return to it. */
export interface BrowseState {
  filter: string;
  q: string;
  page: number;
}

export function browseState(query: URLSearchParams): BrowseState {
  const page = Number(query.get("page"));
  return { filter: query.get("filter") || "all", q: query.get("q") ?? "", page: Number.isInteger(page) && page > 1 ? page : 1 };
}

export function browseQuery(state: BrowseState): Record<string, string | number | undefined> {
  return { filter: state.filter === "all" ? undefined : state.filter, q: state.q || undefined, page: state.page > 1 ? state.page : undefined };
}

export async function browseView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  const state = browseState(context.query);
  const counted = (title: string, n: number | undefined) => (n === undefined ? title : `${title} (${count(n)})`);
  const options = (stats: Stats | undefined) => [
    h("option", { value: "all" }, counted("All documents", stats?.total)),
    h("option", { value: "unlabelled" }, counted("Not labelled yet", stats && stats.total - stats.labelled)),
    h("option", { value: "labelled" }, counted("Labelled", stats?.labelled)),
    h("option", { value: "flagged" }, counted("Flagged", stats?.flagged)),
    h("option", { value: "skipped" }, counted("Skipped", stats?.skipped)),
    // Annotators see only their own answers, and the server lists no likely mislabels for them.
    context.role === "annotator" ? null : h("option", { value: "suspect" }, "Likely mislabels"),
    h("optgroup", { label: "With the label" },
      ...project.labels.map((l) => h("option", { value: `label:${l.name}` }, counted(l.name, stats?.labels.find((c) => c.name === l.name)?.count))))];

  const filter = h("select", { testid: "browse-filter", id: "browse-filter" }, ...options(context.stats()));
  filter.value = state.filter;
  if (filter.value !== state.filter) filter.value = state.filter = "all";
  const search = h("input", { type: "search", id: "browse-search", testid: "browse-search", placeholder: "Search the texts", value: state.q, autocomplete: "off" });
  const summary = h("p", { class: "muted small", role: "status", "aria-live": "polite" });
  const explain = h("p", { class: "muted small", testid: "browse-filter-explain" }, SUSPECT_WORDS);
  const rows = h("tbody");
  const pager = h("nav", { class: "pager", "aria-label": "Pages" });
  const deleteButton = h("button", { type: "button", class: "button small danger-quiet", testid: "browse-delete", hidden: true, onclick: () => openDelete() }) as HTMLButtonElement;
  const deleteSlot = h("div", { class: "browse-delete" });
  const done = h("p", { class: "status ok", testid: "browse-deleted", role: "status", "aria-live": "polite" });
  done.hidden = true;
  /** The selection as the list last showed it: what a confirmation states and sends. */
  let shown = { filter: state.filter, q: "", total: 0 };

  const closeDelete = () => {
    replace(deleteSlot);
    deleteButton.removeAttribute("aria-expanded");
  };

  function openDelete(problem?: string) {
    const selection = { ...shown };
    if (selection.total === 0) return closeDelete();
    const box = confirmBox({
      testid: "browse-delete-confirm",
      sentence: deleteSelectionSentence(selection.total, selection.filter, selection.q),
      confirm: selection.total === 1 ? "Delete 1 document" : `Delete ${count(selection.total)} documents`,
      run: async () => {
        try {
          const { deleted } = await api.deleteDocuments(project.id, { filter: selection.filter, q: selection.q, expected: selection.total });
          closeDelete();
          done.hidden = false;
          replace(done, `Deleted ${plural(deleted, "document")}.`);
          await afterDelete();
          deleteButton.focus();
        } catch (error) {
          if (error instanceof ApiError && error.problem.status === 409) {
            // The selection changed meanwhile: show what it holds now and ask again with the new count.
            await afterDelete();
            openDelete(error.message);
            return;
          }
          throw new Error(`Nothing was deleted: ${error instanceof ApiError ? error.message : "Tagloop could not be reached. Check that it is still running, then try again."}`);
        }
      },
      onCancel: () => {
        closeDelete();
        deleteButton.focus();
      },
    });
    replace(deleteSlot, box);
    deleteButton.setAttribute("aria-expanded", "true");
    if (problem) confirmError(box, problem);
    focusConfirm(box);
  }

  const afterDelete = async () => {
    const stats = await context.refreshStats().catch(() => undefined);
    if (stats) {
      const value = filter.value;
      replace(filter, ...options(stats));
      filter.value = value;
    }
    await reload();
  };

  let loading = 0;
  const load = async () => {
    const ticket = ++loading;
    history.replaceState(null, "", link(`/projects/${project.id}/browse`, browseQuery(state)));
    explain.hidden = state.filter !== "suspect";
    const result = await api.documents(project.id, { filter: state.filter, q: state.q.trim(), page: state.page, pageSize });
    if (ticket !== loading) return; // an answer to an older search
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    if (state.page > pages) {
      state.page = pages;
      return load();
    }
    const back = browseQuery(state);
    replace(rows, ...(result.items.length === 0
      ? [h("tr", {}, h("td", { colspan: 5, class: "empty" }, state.q.trim() ? "No document matches this search." : "No documents here."))]
      : result.items.map((d) => {
          const href = link(`/projects/${project.id}/documents/${d.id}`, back);
          const open = () => { location.hash = href; };
          // Selecting text to copy it is not a click on the row.
          const click = () => { if (!window.getSelection()?.toString()) open(); };
          return h("tr", { testid: "browse-row", tabindex: 0, class: "clickable", onclick: click,
              onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === "Enter") open(); } },
            h("td", { class: "num" }, h("a", { href, tabindex: -1 }, String(d.id))),
            h("td", {}, h("div", { class: "preview" }, d.text + (d.truncated ? " …" : ""))),
            h("td", {}, ...d.labels.map((l) => chip(l, colors.get(l))), d.skipped && d.labels.length === 0 ? h("span", { class: "muted" }, "skipped") : null),
            h("td", { class: "who-cell" }, d.annotators.join(", ")),
            h("td", { class: "flag-cell" }, d.flagged ? h("span", { class: "flag-mark", title: "Flagged" }, "⚑", h("span", { class: "sr-only" }, "flagged")) : null));
        })));
    const first = result.total === 0 ? 0 : (state.page - 1) * pageSize + 1;
    replace(summary, result.total === 0 ? "" : `Showing ${count(first)}–${count(first + result.items.length - 1)} of ${plural(result.total, "document")}`);
    const before = shown;
    shown = { filter: state.filter, q: state.q.trim(), total: result.total };
    deleteButton.hidden = result.total === 0;
    replace(deleteButton, deleteSelectionButton(result.total));
    // A confirmation states one selection: when the list shows another, it is taken away.
    if (before.filter !== shown.filter || before.q !== shown.q || before.total !== shown.total) closeDelete();
    const go = (page: number) => { state.page = page; void reload().then(() => window.scrollTo({ top: 0 })); };
    replace(pager,
      h("button", { type: "button", class: "button", disabled: state.page <= 1, onclick: () => go(state.page - 1) }, "← Previous"),
      h("span", {}, `Page ${count(state.page)} of ${count(pages)}`),
      h("button", { type: "button", class: "button", disabled: state.page >= pages, onclick: () => go(state.page + 1) }, "Next →"));
  };

  const reload = () => load().catch((error: unknown) => {
    replace(rows, h("tr", {}, h("td", { colspan: 5, class: "error", role: "alert" }, error instanceof Error ? error.message : String(error))));
  });

  let timer: number | undefined;
  search.addEventListener("input", () => {
    done.hidden = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.q = search.value;
      state.page = 1;
      void reload();
    }, 250);
  });
  filter.addEventListener("change", () => {
    done.hidden = true;
    state.filter = filter.value;
    state.page = 1;
    void reload();
  });

  replace(body,
    h("div", { class: "toolbar" },
      h("label", { for: "browse-filter", class: "sr-only" }, "Show"), filter,
      h("label", { for: "browse-search", class: "sr-only" }, "Search the texts"), search),
    explain,
    h("div", { class: "browse-actions" }, summary, deleteButton),
    done,
    deleteSlot,
    h("table", { class: "documents" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "Text"), h("th", {}, "Labels"), h("th", {}, "By"), h("th", { class: "flag-cell" }, h("span", { class: "sr-only" }, "Flagged")))),
      rows),
    pager);
  await load();
}

export interface Neighbour {
  id: number;
  page: number;
}

/** The documents just before and after `documentId` in the list as browsed (same filter and search), with their pages. */
export async function neighbours(projectId: number, state: BrowseState, documentId: number): Promise<{ previous?: Neighbour; next?: Neighbour }> {
  const fetchPage = (page: number) => api.documents(projectId, { filter: state.filter, q: state.q.trim(), page, pageSize });
  const here = await fetchPage(state.page);
  const i = here.items.findIndex((d) => Number(d.id) === documentId);
  if (i < 0) return {};
  const at = (items: typeof here.items, index: number, page: number): Neighbour | undefined =>
    items[index] ? { id: Number(items[index].id), page } : undefined;
  const pages = Math.ceil(here.total / pageSize);
  const [before, after] = await Promise.all([
    i > 0 || state.page <= 1 ? undefined : fetchPage(state.page - 1),
    i < here.items.length - 1 || state.page >= pages ? undefined : fetchPage(state.page + 1),
  ]);
  return {
    previous: before ? at(before.items, before.items.length - 1, state.page - 1) : at(here.items, i - 1, state.page),
    next: after ? at(after.items, 0, state.page + 1) : at(here.items, i + 1, state.page),
  };
}
