import { api, type Project } from "../api/client";
import { chip, h, replace } from "../dom";

const pageSize = 25;

export async function browseView(body: HTMLElement, project: Project): Promise<void> {
  const colors = new Map(project.labels.map((l) => [l.name, l.color]));
  const filter = h("select", { testid: "browse-filter", "aria-label": "Show" },
    h("option", { value: "all" }, "All documents"),
    h("option", { value: "unlabelled" }, "Unlabelled"),
    h("option", { value: "labelled" }, "Labelled"),
    h("option", { value: "flagged" }, "Flagged"),
    h("option", { value: "skipped" }, "Skipped"),
    ...project.labels.map((l) => h("option", { value: `label:${l.name}` }, `Labelled “${l.name}”`)));
  const search = h("input", { type: "search", testid: "browse-search", placeholder: "Search the text", "aria-label": "Search the text" });
  const table = h("tbody");
  const pager = h("div", { class: "pager" });
  let page = 1;

  const load = async () => {
    const result = await api.documents(project.id, { filter: filter.value, q: search.value.trim(), page, pageSize });
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    replace(table, ...(result.items.length === 0
      ? [h("tr", {}, h("td", { colspan: 4, class: "empty" }, "No documents match."))]
      : result.items.map((d) => {
          const open = () => { location.hash = `#/projects/${project.id}/documents/${d.id}`; };
          return h("tr", { testid: "browse-row", tabindex: 0, class: "clickable", onclick: open, onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === "Enter") open(); } },
            h("td", { class: "num" }, String(d.id)),
            h("td", { class: "preview" }, d.text + (d.truncated ? "…" : "")),
            h("td", {}, ...d.labels.map((l) => chip(l, colors.get(l))), d.skipped && d.labels.length === 0 ? h("span", { class: "muted" }, "skipped") : null),
            h("td", {}, d.annotators.join(", "), d.flagged ? h("span", { class: "flag-mark", title: "Flagged" }, " ⚑") : null));
        })));
    replace(pager,
      h("button", { type: "button", class: "button", disabled: page <= 1, onclick: () => { page--; void load(); } }, "Previous"),
      ` Page ${page} of ${pages} · ${result.total.toLocaleString()} documents `,
      h("button", { type: "button", class: "button", disabled: page >= pages, onclick: () => { page++; void load(); } }, "Next"));
  };

  let timer: number | undefined;
  search.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { page = 1; void load(); }, 250);
  });
  filter.addEventListener("change", () => { page = 1; void load(); });

  replace(body,
    h("div", { class: "toolbar" }, filter, search),
    h("table", { class: "documents" }, h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Text"), h("th", {}, "Labels"), h("th", {}, "By"))), table),
    pager);
  await load();
}
