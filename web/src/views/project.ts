import { api, type Member, type Project, type Stats } from "../api/client";
import { allows, authState, roleIn, roleNeeded, userOf, type Role, type User } from "../auth";
import { chip, h, replace } from "../dom";
import { annotateView } from "./annotate";
import { browseView } from "./browse";
import { documentView } from "./document";
import { importView } from "./import";
import { exportView } from "./export";
import { settingsView } from "./settings";
import { modelView } from "./model";
import { teamView } from "./team";
import { reviewView } from "./review";
import { rulesView } from "./rules";
import { mentionsView, newMentions } from "./mentions";
import { badgeText, badgeWords } from "../mentions";
import { count, plural } from "./parts";

const tabs = [
  ["annotate", "Annotate"],
  ["browse", "Browse"],
  ["explore", "Explore"],
  ["model", "Model"],
  ["rules", "Rules"],
  ["team", "Team"],
  ["review", "Review"],
  ["mentions", "Mentions"],
  ["import", "Import"],
  ["export", "Export"],
  ["settings", "Settings"],
] as const;

/** Label counts shown in the header; the rest are named in a tooltip. */
const MAX_CHIPS = 8;

/** Tabs shown only to those whose role reaches them (the others see the sentence in `needs` if they open one by its address). */
const hidden: Record<string, Role> = {
  review: "reviewer",
};

/** What a project tab gets to work with. */
export interface ProjectContext {
  project: Project;
  /** The route's query, e.g. the browse filter. */
  query: URLSearchParams;
  /** The latest statistics, once loaded. */
  stats(): Stats | undefined;
  /** Fetches the statistics again and updates the page header with them. */
  refreshStats(): Promise<Stats>;
  /** The signed-in user; null without accounts. */
  me: User | null;
  /** The project's members; null without accounts. */
  members: Member[] | null;
  /** What the user may do here: their role (administrators and the single local user act as owners), null if none. */
  role: Role | null;
  /** Shows how many comments mentioning the user are new to them on the Mentions tab (none: no badge). */
  showNewMentions(fresh: number): void;
}

/** The role each tab needs, and what it lets one do, for the sentence shown to those whose role does not reach it. */
const needs: Record<string, [Role, string]> = {
  annotate: ["annotator", "label documents"],
  import: ["owner", "import documents"],
  export: ["reviewer", "export the labels"],
  review: ["reviewer", "review documents and set their final labels"],
  settings: ["owner", "change the project's settings, labels or name, or delete it"],
};

/**
 * The project page: its name and figures, the tabs, and the chosen tab's view. Returns a teardown for key handlers.
 * `current` says whether the page still wants this view once its project has loaded (no newer navigation).
 */
export async function projectView(app: HTMLElement, id: number, tab: string, detail: string | undefined, query: URLSearchParams, current: () => boolean = () => true): Promise<(() => void) | undefined> {
  const me = userOf(authState());
  const [project, first, listed] = await Promise.all([api.project(id), api.stats(id), me ? api.members(id) : null]);
  if (!current()) return undefined;
  const members = listed?.members ?? null;
  // A document opened from the mentions inbox belongs to that tab, as its way back does.
  const active = tab === "documents" ? (query.get("from") === "mentions" ? "mentions" : "browse") : tabs.some(([name]) => name === tab) ? tab : "annotate";
  document.title = `${project.name} · ${tabs.find(([name]) => name === active)![1]} · Tagloop`;

  const figures = h("div", { class: "figures", testid: "project-stats" });
  let latest = first;
  const showStats = (stats: Stats) => {
    latest = stats;
    const colors = new Map(project.labels.map((l) => [l.name, l.color]));
    replace(figures,
      h("span", {}, h("strong", {}, count(stats.labelled)), ` of ${plural(stats.total, "document")} labelled`),
      stats.flagged ? h("span", {}, h("span", { class: "flag-mark", "aria-hidden": "true" }, "⚑ "), `${count(stats.flagged)} flagged`) : null,
      stats.skipped ? h("span", {}, `${count(stats.skipped)} skipped`) : null,
      h("span", { class: "label-counts" }, ...stats.labels.slice(0, MAX_CHIPS).map((l) => {
        const c = chip(`${l.name} ${count(l.count)}`, colors.get(l.name));
        c.title = `${plural(l.count, "document")} labelled “${l.name}”`;
        return c;
      }), stats.labels.length > MAX_CHIPS
        ? h("span", { title: stats.labels.slice(MAX_CHIPS).map((l) => `${l.name}: ${count(l.count)}`).join("\n") }, `+${stats.labels.length - MAX_CHIPS} more`)
        : null));
  };
  showStats(first);

  const mentionsBadge = h("span", { class: "tab-badge", testid: "mentions-badge", hidden: true });
  const showNewMentions = (fresh: number) => {
    mentionsBadge.hidden = fresh <= 0;
    replace(mentionsBadge, badgeText(fresh));
    if (fresh > 0) {
      mentionsBadge.title = badgeWords(fresh);
      mentionsBadge.setAttribute("aria-label", badgeWords(fresh));
    }
  };

  const context: ProjectContext = {
    project,
    query,
    stats: () => latest,
    refreshStats: async () => {
      const stats = await api.stats(id);
      showStats(stats);
      return stats;
    },
    me,
    members,
    role: roleIn(authState(), members ?? []),
    showNewMentions,
  };

  const body = h("section", { class: "tab-body" });
  replace(
    app,
    h("div", { class: "page-head" },
      h("div", {},
        h("h1", { testid: "project-title" }, project.name),
        h("div", { class: "muted" }, project.task === "span-tagging" ? "Span tagging · entities in the text" : project.multiLabel ? "Text classification · several labels per text" : "Text classification · one label per text")),
      figures),
    h("nav", { class: "tabs", "aria-label": "Project" },
      ...tabs.filter(([name]) => !hidden[name] || allows(context.role, hidden[name])).map(([name, title]) =>
        h("a", { href: `#/projects/${id}/${name}`, testid: `tab-${name}`, class: name === active ? "tab active" : "tab", "aria-current": name === active ? "page" : undefined },
          title, name === "mentions" ? mentionsBadge : null))),
    body,
  );

  // The badge is looked up after the page is drawn, never holding it up; the inbox itself clears it.
  if (tab !== "mentions") void newMentions(context).then((fresh) => { if (fresh !== null) showNewMentions(fresh); });

  const need = needs[active];
  if (need && !allows(context.role, need[0])) {
    replace(body, h("p", { class: "model-message", testid: "role-needed" }, roleNeeded(context.role, need[0], need[1]),
      active === "annotate" ? h("span", {}, " You can still ", h("a", { href: `#/projects/${id}/browse` }, "browse the documents"), ".") : null));
    return undefined;
  }

  switch (tab) {
    case "browse":
      await browseView(body, context);
      return undefined;
    case "documents":
      if (!/^\d+$/.test(detail ?? "")) {
        replace(body, h("p", { class: "error" }, "There is no such document. "), h("a", { href: `#/projects/${id}/browse` }, "Back to the list"));
        return undefined;
      }
      return documentView(body, context, Number(detail));
    case "explore": {
      // The map's WebGL library is loaded only when the tab is opened (a separate chunk of about 80 kB gzipped).
      const { exploreView } = await import("./explore");
      return current() ? exploreView(body, context) : undefined;
    }
    case "import":
      importView(body, context);
      return undefined;
    case "export":
      exportView(body, context);
      return undefined;
    case "model":
      return modelView(body, context);
    case "team":
      return teamView(body, context);
    case "rules":
      return rulesView(body, context, detail);
    case "review":
      await reviewView(body, context);
      return undefined;
    case "mentions":
      await mentionsView(body, context);
      return undefined;
    case "settings":
      await settingsView(body, context);
      return undefined;
    default:
      document.body.classList.add("fill");
      return annotateView(body, context);
  }
}
