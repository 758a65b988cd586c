import { api } from "../api/client";
import { actionWords, when } from "../auth";
import { h, replace } from "../dom";
import { link } from "../route";
import { count } from "./parts";

const PAGE_SIZE = 50;

/** For administrators: the audit trail, newest first, a page at a time. */
export async function auditView(app: HTMLElement, query: URLSearchParams): Promise<void> {
  document.title = "Activity log · Tagloop";
  const wanted = Math.max(1, Number(query.get("page")) || 1);
  const page = await api.audit(wanted, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const rows = page.events.map((e) => h("tr", {},
    h("td", { class: "nowrap" }, when(e.at)),
    h("td", { class: "name" }, e.actor ?? "—"),
    h("td", {}, actionWords(e.action)),
    h("td", { class: "name" }, e.detail ?? ""),
    h("td", {}, e.projectId === null ? "" : h("a", { href: `#/projects/${e.projectId}/team` }, `Project ${e.projectId}`)),
    h("td", { class: "small muted" }, e.from ?? "")));
  const pager = h("nav", { class: "pager", "aria-label": "Pages" },
    page.page > 1 ? h("a", { href: link("/audit", { page: page.page - 1 }), testid: "audit-newer" }, "← Newer") : h("span", {}, ""),
    h("span", { testid: "audit-page" }, `Page ${count(page.page)} of ${count(pages)}`),
    page.page < pages ? h("a", { href: link("/audit", { page: page.page + 1 }), testid: "audit-older" }, "Older →") : h("span", {}, ""));
  replace(app,
    h("div", { class: "page-head" }, h("div", {},
      h("h1", {}, "Activity log"),
      h("div", { class: "muted" }, "Who signed in, and who changed users, roles and tokens, when and from where. Newest first."))),
    page.total === 0
      ? h("p", { class: "model-message" }, "Nothing has happened yet.")
      : h("div", { class: "table-wrap" },
        h("table", { class: "metrics plain-table", testid: "audit-table" },
          h("thead", {}, h("tr", {}, ...["When", "Who", "What", "Details", "Project", "From"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, ...rows))),
    pages > 1 ? pager : null);
}
