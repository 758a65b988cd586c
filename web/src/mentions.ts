// The mentions inbox: comments that call on the person using the page (@name), and which of them are new to them.
import type { Comment } from "./api/client";
import { link } from "./route";

/**
 * The server keeps no read marker, so "when they last looked" is kept in the browser: the id of the newest comment the
 * person has seen in the inbox, per project and per person (people may share a browser). Comment ids only grow, so an
 * id is a sturdier mark than a time, which depends on two clocks agreeing.
 */
export const SEEN_PREFIX = "tagloop.mentions.seen";

/** How many mentions the inbox shows at once (the server sends at most 500). */
export const SHOWN = 50;

/** The longest document excerpt shown with a mention, in characters. */
export const EXCERPT_LENGTH = 160;

export function seenKey(projectId: number, person: string): string {
  return `${SEEN_PREFIX}.${projectId}.${person.trim().toLowerCase()}`;
}

/** A stored mark as a comment id; 0 (nothing seen) when missing or not a whole number. */
export function readSeen(raw: string | null | undefined): number {
  if (!raw || !/^\d{1,15}$/.test(raw.trim())) return 0;
  return Number(raw.trim());
}

/** The mark kept for this person and project. */
export function loadSeen(storage: Pick<Storage, "getItem">, projectId: number, person: string): number {
  try {
    return readSeen(storage.getItem(seenKey(projectId, person)));
  } catch {
    return 0; // storage turned off: every mention counts as new, which is the safe side
  }
}

/** Keeps the mark, never moving it back (another tab may have seen newer ones). */
export function saveSeen(storage: Pick<Storage, "getItem" | "setItem">, projectId: number, person: string, seen: number): void {
  try {
    const before = loadSeen(storage, projectId, person);
    if (seen > before) storage.setItem(seenKey(projectId, person), String(seen));
  } catch {
    // Private browsing with storage off: the badge just cannot remember, nothing else breaks.
  }
}

/** Newest first: by id, which follows the order comments were written in. */
export function newestFirst(comments: readonly Comment[]): Comment[] {
  return [...comments].sort((a, b) => b.id - a.id);
}

export function isNew(comment: Pick<Comment, "id">, seen: number): boolean {
  return comment.id > seen;
}

export function countNew(comments: readonly Pick<Comment, "id">[], seen: number): number {
  return comments.filter((c) => isNew(c, seen)).length;
}

/** The mark after looking at these comments: the newest id among them, or the old mark if that is newer. */
export function seenAfter(comments: readonly Pick<Comment, "id">[], seen: number): number {
  return comments.reduce((max, c) => Math.max(max, c.id), seen);
}

/** The number on the tab's badge: empty for none, "99+" above 99. */
export function badgeText(fresh: number): string {
  if (fresh <= 0) return "";
  return fresh > 99 ? "99+" : String(fresh);
}

/** What the badge means, for its tooltip and screen readers. */
export function badgeWords(fresh: number): string {
  return fresh === 1 ? "1 new comment mentions you" : `${fresh.toLocaleString()} new comments mention you`;
}

/** The line above the inbox. */
export function inboxSummary(total: number, fresh: number): string {
  if (total === 0) return "No comment in this project mentions you yet.";
  const all = total === 1 ? "1 comment mentions you" : `${total.toLocaleString()} comments mention you`;
  if (fresh === 0) return `${all}. Nothing new since you last looked.`;
  return `${all}; ${fresh === total && total > 1 ? "all" : fresh.toLocaleString()} ${fresh === 1 ? "is" : "are"} new since you last looked.`;
}

/** What to do to be mentioned, for the empty inbox. */
export function emptyAdvice(person: string): string {
  return `When someone writes @${person} in a comment on a document, the comment is listed here, newest first, with a link to the document.`;
}

/** The start of a document's text on one line, cut at a word boundary: "The seller shall …". */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  // A very long word (an address, a code) is cut where it is rather than leaving almost nothing.
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, "")} …`;
}

/** The address of the document with the comment picked out in its thread; `from` brings the way back to the inbox. */
export function mentionLink(projectId: number, comment: Pick<Comment, "id" | "documentId">): string {
  return link(`/projects/${projectId}/documents/${comment.documentId}`, { comment: comment.id, from: "mentions" });
}

/** The comment id a document's address asks to pick out, or null. */
export function highlightedComment(query: URLSearchParams): number | null {
  const raw = query.get("comment");
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/** A piece of a comment's text: a mention of `person` (shown in bold), or plain text. */
export interface TextPart {
  text: string;
  mention: boolean;
}

/** A handle as the server reads one: "@" after no letter or digit, then a name; trailing . - _ are punctuation, not name. */
const HANDLE = /(?<![\p{L}\p{N}])@([\p{L}\p{N}][\p{L}\p{N}._@-]*)/gu;

/** Splits a comment's text so that the mentions of `person` (whatever the case) can be shown apart; the parts join back to the text. */
export function mentionParts(text: string, person: string): TextPart[] {
  const name = person.trim().toLowerCase();
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of name ? text.matchAll(HANDLE) : []) {
    const handle = match[1]!.replace(/[._-]+$/, "");
    if (handle.toLowerCase() !== name) continue;
    const at = match.index!;
    if (at > from) parts.push({ text: text.slice(from, at), mention: false });
    parts.push({ text: text.slice(at, at + 1 + handle.length), mention: true });
    from = at + 1 + handle.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from), mention: false });
  return parts;
}
