// The Explore tab's lists beside the map: the groups nobody has named yet (each with its words, its labelled share and
// a few of its documents) and the documents unlike anything labelled so far, each a click from the queue, a new
// label or a rule. Texts are shown as text only.
import { api } from "../api/client";
import type { Cluster, Clusters, Novelty } from "../api/explore";
import type { Label } from "../api/client";
import { chip, h, paint, replace } from "../dom";
import {
  coverageBar, coverageWords, excerpt, groupsWords, labelColours, nameFromTerms, NONE_COLOUR, nextK, similarityWords, similarRuleLink,
  uncovered, waitingWords,
} from "../explore";
import { failure, statusLine } from "./accountParts";
import { count, plural } from "./parts";

/** What the lists may do, as the view decides it from the person's role. */
export interface GroupActions {
  projectId: number;
  labels: readonly Label[];
  /** Annotators and up: put documents first in their queue. */
  canQueue: boolean;
  /** Owners: add a label. */
  canAddLabel: boolean;
  /** Reviewers and up: write a rule. */
  canWriteRule: boolean;
  /** Picks a group's documents out on the map. */
  highlight(cluster: Cluster): void;
  /** The unlabelled documents of a group on the map, to put first in the queue. */
  unlabelledOf(cluster: Cluster): number[];
  /** Asks for the grouping with `k` groups (undefined: chosen automatically). */
  regroup(k: number | undefined): void;
  /** Puts the documents first in the queue and opens the annotate page. */
  queue(documentIds: number[], status: (text: string, kind?: "ok" | "error") => void): Promise<void>;
}

/** The groups' list, filled by `show`. */
export function groupsPanel(actions: GroupActions): { element: HTMLElement; show(clusters: Clusters): void } {
  const head = h("div", { class: "explore-groups-head" });
  const list = h("ol", { class: "explore-groups", testid: "explore-groups" });
  const element = h("section", { class: "explore-panel", "aria-labelledby": "explore-groups-title" },
    h("h2", { id: "explore-groups-title" }, "Groups nobody has named yet"),
    h("p", { class: "muted small" }, "Documents that read alike, gathered without any label. Each group shows the words that set it apart, how much of it is labelled, and a few of its documents."),
    head, list);

  const show = (clusters: Clusters) => {
    if (clusters.status !== "ready") {
      replace(head, h("p", { class: "muted", testid: "explore-groups-waiting" }, waitingWords(clusters.status, clusters.message)));
      replace(list);
      return;
    }
    const fewer = nextK(clusters.k, -1);
    const more = nextK(clusters.k, 1);
    replace(head,
      h("p", { testid: "explore-groups-k" }, groupsWords(clusters.k, clusters.automatic)),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "button small", testid: "explore-fewer-groups", disabled: fewer === null, onclick: () => fewer !== null && actions.regroup(fewer) }, "Fewer groups"),
        h("button", { type: "button", class: "button small", testid: "explore-more-groups", disabled: more === null, onclick: () => more !== null && actions.regroup(more) }, "More groups"),
        clusters.automatic ? null : h("button", { type: "button", class: "button small quiet", testid: "explore-auto-groups", onclick: () => actions.regroup(undefined) }, "Let Tagloop choose")));
    const ordered = [...clusters.clusters].sort((a, b) => Number(uncovered(b)) - Number(uncovered(a)) || b.size - a.size || a.id - b.id);
    replace(list, ...ordered.map((c) => groupItem(c, actions)));
  };
  return { element, show };
}

function groupItem(cluster: Cluster, actions: GroupActions): HTMLElement {
  const colours = labelColours(actions.labels);
  const status = statusLine(`explore-group-${cluster.id}-status`);
  const extra = h("div", { class: "explore-inline" });
  const bar = h("div", { class: "explore-bar", role: "img", "aria-label": barWords(cluster) },
    ...coverageBar(cluster).map((s) => {
      const part = h("span", { class: "explore-bar-part", title: `${s.label === null ? "Not labelled" : s.label}: ${count(s.count)}` });
      part.style.width = `${(s.share * 100).toFixed(2)}%`;
      part.style.background = s.label === null ? NONE_COLOUR : colours.get(s.label) ?? NONE_COLOUR;
      return part;
    }));
  const labelled = Object.entries(cluster.labelCounts).filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]);
  const title = `Group ${cluster.id + 1}`;
  return h("li", { class: uncovered(cluster) ? "explore-group uncovered" : "explore-group", testid: `explore-group-${cluster.id}` },
    h("div", { class: "explore-group-head" },
      h("h3", {}, h("button", { type: "button", class: "link", testid: `explore-group-${cluster.id}-show`, title: "Show these documents on the map", onclick: () => actions.highlight(cluster) }, title)),
      h("span", { class: "muted" }, plural(cluster.size, "document")),
      uncovered(cluster) ? h("span", { class: "explore-uncovered", testid: `explore-group-${cluster.id}-uncovered` }, "No label covers this group yet") : null),
    cluster.terms.length
      ? h("p", { class: "explore-terms", testid: `explore-group-${cluster.id}-terms` }, "Words that set it apart: ", h("strong", {}, cluster.terms.slice(0, 8).join(", ")))
      : null,
    bar,
    h("p", { class: "small" }, coverageWords(cluster), labelled.length ? ": " : "", ...labelled.map(([name, c]) => chip(`${name} ${count(c)}`, colours.get(name)))),
    h("ul", { class: "explore-examples" }, ...cluster.examples.slice(0, 2).map((e) =>
      h("li", { testid: `explore-group-${cluster.id}-example` },
        h("a", { href: `#/projects/${actions.projectId}/documents/${e.documentId}`, class: "muted small" }, `#${e.documentId}`), " ",
        excerpt(e.text, 220)))),
    h("div", { class: "actions" },
      actions.canQueue
        ? h("button", { type: "button", class: "button small primary", testid: `explore-group-${cluster.id}-queue`, onclick: () => void queueGroup(cluster, actions, status.show) }, "Label some of these")
        : null,
      actions.canAddLabel
        ? h("button", { type: "button", class: "button small", testid: `explore-group-${cluster.id}-new-label`, onclick: () => {
          replace(extra, newLabelForm(actions, nameFromTerms(cluster.terms, actions.labels.map((l) => l.name)), () => actions.unlabelledOf(cluster), `explore-group-${cluster.id}`, () => replace(extra)));
          extra.querySelector("input")?.focus();
        } }, "New label from this group")
        : null,
      actions.canWriteRule
        ? h("a", { class: "button small", testid: `explore-group-${cluster.id}-new-rule`, href: similarRuleLink(actions.projectId, cluster.examples.map((e) => e.documentId), nameFromTerms(cluster.terms)) }, "New rule from this group")
        : null),
    extra,
    status.el);
}

function barWords(cluster: Cluster): string {
  return coverageBar(cluster).map((s) => `${s.label === null ? "not labelled" : s.label}: ${count(s.count)}`).join(", ");
}

async function queueGroup(cluster: Cluster, actions: GroupActions, show: (text: string, kind?: "ok" | "error") => void): Promise<void> {
  const ids = actions.unlabelledOf(cluster);
  if (ids.length === 0) {
    show("Every document in this group is labelled already.", "ok");
    return;
  }
  await actions.queue(ids, show);
}

/**
 * An owner's form that adds a label (its name prefilled) and then puts `documents()` first in the queue, so the new
 * label is used at once.
 */
export function newLabelForm(actions: GroupActions, name: string, documents: () => number[], testid: string, close: () => void): HTMLElement {
  const input = h("input", { id: `${testid}-label-name`, testid: `${testid}-label-name`, maxlength: 100, autocomplete: "off", value: name }) as HTMLInputElement;
  const status = statusLine(`${testid}-label-status`);
  const add = h("button", { type: "submit", class: "button small primary", testid: `${testid}-label-add` }, "Add the label and start labelling") as HTMLButtonElement;
  const form = h("form", { class: "explore-new-label" },
    h("label", { for: `${testid}-label-name` }, "Name of the new label"),
    input,
    h("div", { class: "actions" }, add, h("button", { type: "button", class: "button small quiet", onclick: close }, "Cancel")),
    status.el);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const wanted = input.value.trim();
    if (!wanted) {
      status.show("Give the label a name.", "error");
      input.focus();
      return;
    }
    add.disabled = true;
    try {
      const label = await api.addLabel(actions.projectId, { name: wanted });
      status.show(`Added the label “${label.name}”.`, "ok");
      const ids = documents();
      if (ids.length) await actions.queue(ids, status.show);
    } catch (error) {
      status.show(failure("The label was not added", error), "error");
    } finally {
      add.disabled = false;
    }
  });
  return form;
}

/** The documents unlike anything labelled so far, filled by `show`. */
export function noveltyPanel(actions: GroupActions): { element: HTMLElement; show(novelty: Novelty): void } {
  const body = h("div", {});
  const element = h("section", { class: "explore-panel", testid: "explore-novelty", "aria-labelledby": "explore-novelty-title" },
    h("h2", { id: "explore-novelty-title" }, "Unlike anything labelled so far"),
    h("p", { class: "muted small" }, "Documents that look like none of those labelled yet: they may need a label nobody has thought of."),
    body);
  const show = (novelty: Novelty) => {
    if (novelty.status !== "ready") {
      replace(body, h("p", { class: "muted" }, waitingWords(novelty.status, novelty.message)));
      return;
    }
    if (novelty.documents.length === 0) {
      replace(body, h("p", { class: "muted", testid: "explore-novelty-empty" }, novelty.message.trim() || "Once some documents are labelled, those least like any of them are listed here."));
      return;
    }
    const ids = novelty.documents.map((d) => d.documentId);
    const status = statusLine("explore-novelty-status");
    const extra = h("div", { class: "explore-inline" });
    replace(body,
      h("div", { class: "actions" },
        actions.canQueue
          ? h("button", { type: "button", class: "button small primary", testid: "explore-novelty-queue", onclick: () => void actions.queue(ids, status.show) }, `Label these ${count(ids.length)}`)
          : null,
        actions.canAddLabel
          ? h("button", { type: "button", class: "button small", testid: "explore-novelty-new-label", onclick: () => {
            replace(extra, newLabelForm(actions, "", () => ids, "explore-novelty", () => replace(extra)));
            extra.querySelector("input")?.focus();
          } }, "New label for these")
          : null,
        actions.canWriteRule
          ? h("a", { class: "button small", testid: "explore-novelty-new-rule", href: similarRuleLink(actions.projectId, ids.slice(0, 10)) }, "New rule from these")
          : null),
      extra,
      status.el,
      h("ol", { class: "explore-novel-list" }, ...novelty.documents.map((d) =>
        h("li", { testid: "explore-novel-document" },
          h("a", { href: `#/projects/${actions.projectId}/documents/${d.documentId}`, class: "muted small" }, `#${d.documentId}`), " ",
          excerpt(d.text, 220), " ",
          h("span", { class: "muted small" }, `(${similarityWords(d.similarity)})`)))));
  };
  return { element, show };
}

/** A legend swatch: a dot in a colour (only valid colours reach the style). */
export function swatch(colour: string): HTMLElement {
  const dot = h("span", { class: "explore-swatch", "aria-hidden": "true" });
  paint(dot, colour);
  return dot;
}
