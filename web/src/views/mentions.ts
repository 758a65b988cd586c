import { annotator, api, ApiError, type Comment } from "../api/client";
import { when } from "../auth";
import { h, replace } from "../dom";
import {
  countNew, emptyAdvice, excerpt, inboxSummary, isNew, loadSeen, mentionLink, newestFirst, saveSeen, seenAfter, SHOWN,
} from "../mentions";
import { commentText, count } from "./parts";
import type { ProjectContext } from "./project";

/** Who the inbox is for: the signed-in user, or without accounts the name typed under "Annotating as". */
export function mentionsPerson(context: Pick<ProjectContext, "me">): string {
  return context.me?.name ?? annotator();
}

/** The mentions of the person using the page, as the server lists them (it knows who is signed in; without accounts it is told). */
export function fetchMentions(context: Pick<ProjectContext, "project" | "me">): Promise<Comment[]> {
  return api.mentions(context.project.id, context.me ? undefined : mentionsPerson(context));
}

/** How many mentions are new to the person since they last opened the inbox; null when the server could not say. */
export async function newMentions(context: Pick<ProjectContext, "project" | "me">): Promise<number | null> {
  try {
    const all = await fetchMentions(context);
    return countNew(all, loadSeen(localStorage, context.project.id, mentionsPerson(context)));
  } catch {
    return null;
  }
}

/**
 * The mentions inbox: the comments in this project that mention the person, newest first, each with who wrote it and
 * when, the start of the document's text and a link to the document with the comment picked out. Opening it counts as
 * looking: what it shows is no longer new, and the project's badge goes.
 */
export async function mentionsView(body: HTMLElement, context: ProjectContext): Promise<void> {
  const { project } = context;
  const person = mentionsPerson(context);
  const all = newestFirst(await fetchMentions(context));
  const seen = loadSeen(localStorage, project.id, person);
  const fresh = countNew(all, seen);
  saveSeen(localStorage, project.id, person, seenAfter(all, seen));
  context.showNewMentions(0);

  const heading = h("h2", {}, "Comments that mention you");
  const summary = h("p", { class: "mentions-summary", testid: "mentions-summary" }, inboxSummary(all.length, fresh));
  if (all.length === 0) {
    replace(body, h("section", { class: "mentions" }, heading, summary, h("p", { class: "model-message", testid: "mentions-empty" }, emptyAdvice(person))));
    return;
  }

  const shown = all.slice(0, SHOWN);
  const excerpts = new Map<number, HTMLElement[]>();
  const items = shown.map((c) => {
    const quote = h("p", { class: "mention-excerpt", testid: "mention-excerpt" }, h("span", { class: "muted" }, "Loading the document…"));
    excerpts.set(c.documentId, [...(excerpts.get(c.documentId) ?? []), quote]);
    const href = mentionLink(project.id, c);
    const fresh = isNew(c, seen);
    return h("li", { class: fresh ? "mention new" : "mention", testid: "mention", "data-comment-id": String(c.id) },
      h("div", { class: "mention-head" },
        fresh ? h("span", { class: "new-tag", testid: "mention-new" }, "New") : null,
        h("strong", { testid: "mention-author" }, c.author),
        " mentioned you in a comment on ",
        h("a", { href, testid: "mention-document" }, `document #${c.documentId}`),
        h("span", { class: "muted" }, ` · ${when(c.createdAt)}`)),
      commentText(c.text, person, "mention-text"),
      h("div", { class: "mention-document" }, h("span", { class: "small muted" }, "The document begins:"), quote),
      h("a", { class: "button small", href, testid: "mention-open" }, "Open the document and its comments"));
  });

  replace(body, h("section", { class: "mentions" },
    heading,
    summary,
    h("ol", { class: "mentions-list", testid: "mentions-list" }, ...items),
    all.length > shown.length
      ? h("p", { class: "muted small", testid: "mentions-more" }, `Showing the ${count(shown.length)} newest of ${count(all.length)}.`)
      : null));

  // The start of each document's text, fetched once per document; a document deleted since is said to be gone.
  await Promise.all([...excerpts].map(async ([documentId, quotes]) => {
    let text: string;
    let missing = false;
    try {
      text = excerpt((await api.document(project.id, documentId)).text);
    } catch (error) {
      missing = true;
      text = error instanceof ApiError && error.problem.status === 404
        ? "This document has been deleted."
        : "The document could not be loaded.";
    }
    for (const quote of quotes) {
      replace(quote, text);
      quote.classList.toggle("missing", missing);
    }
  }));
}
