// Documents set aside for people: how an assignment reads, and checking the owner's form before it is sent.
import type { Assignment, NewAssignment } from "./api/client";

export const MAX_DOCUMENT_IDS = 10_000;

export const ASSIGNMENTS_EXPLAIN =
  "Set documents aside for one person: the ones you pick, the ones whose text contains some words, or the ones whose " +
  "metadata has a value (for example court = appeals). They get those first, and nobody else gets them until they have " +
  "answered. Documents imported later that match are set aside too.";

/** What an assignment selects, in words: "text contains “appeal” and court is “appeals”". */
export function describeAssignment(a: Pick<Assignment, "documentIds" | "search" | "metaField" | "metaValue">): string {
  const parts: string[] = [];
  if (a.documentIds.length === 1) parts.push(`document ${a.documentIds[0]}`);
  else if (a.documentIds.length > 1) parts.push(`${a.documentIds.length.toLocaleString()} documents picked by hand`);
  if (a.search) parts.push(`text contains “${a.search}”`);
  if (a.metaField) parts.push(`${a.metaField} is “${a.metaValue ?? ""}”`);
  return parts.length === 0 ? "no documents" : parts.join(" and ");
}

/** "2 of 3 still to do", "all 3 done", "none yet" (nothing matches now). */
export function progress(a: Pick<Assignment, "documents" | "open">): string {
  if (a.documents === 0) return "none match yet";
  if (a.open === 0) return `all ${a.documents.toLocaleString()} done`;
  return `${a.open.toLocaleString()} of ${a.documents.toLocaleString()} still to do`;
}

/** Document ids typed as "12, 15 17": whole numbers separated by commas or spaces; an error names the first bad one. */
export function parseDocumentIds(text: string): { ok: true; ids: number[] } | { ok: false; problem: string } {
  const tokens = text.split(/[\s,;]+/).filter((t) => t.length > 0);
  const ids: number[] = [];
  for (const token of tokens) {
    if (!/^\d{1,15}$/.test(token) || Number(token) <= 0) {
      return { ok: false, problem: `“${token.slice(0, 30)}” is not a document number; type numbers separated by commas, such as 12, 15, 17.` };
    }
    ids.push(Number(token));
  }
  const unique = [...new Set(ids)];
  if (unique.length > MAX_DOCUMENT_IDS) {
    return { ok: false, problem: `${unique.length.toLocaleString()} documents at once; at most ${MAX_DOCUMENT_IDS.toLocaleString()} (use words or metadata for more).` };
  }
  return { ok: true, ids: unique };
}

export interface AssignmentForm {
  user: string;
  ids: string;
  search: string;
  metaField: string;
  metaValue: string;
  note: string;
}

/** The request for the form, or the field to fix and why. */
export function assignmentRequest(form: AssignmentForm): { ok: true; value: NewAssignment } | { ok: false; field: keyof AssignmentForm; problem: string } {
  const user = form.user.trim();
  if (!user) return { ok: false, field: "user", problem: "Name the person the documents are for." };
  const ids = parseDocumentIds(form.ids);
  if (!ids.ok) return { ok: false, field: "ids", problem: ids.problem };
  const search = form.search.trim();
  const metaField = form.metaField.trim();
  const metaValue = form.metaValue.trim();
  if (metaField && !metaValue) return { ok: false, field: "metaValue", problem: `Give the value ${metaField} must have.` };
  if (metaValue && !metaField) return { ok: false, field: "metaField", problem: "Name the metadata field, such as court." };
  if (ids.ids.length === 0 && !search && !metaField) {
    return { ok: false, field: "search", problem: "Say which documents: words their text contains, a metadata value, or document numbers." };
  }
  return {
    ok: true,
    value: {
      user,
      documentIds: ids.ids.length > 0 ? ids.ids : null,
      search: search || null,
      metaField: metaField || null,
      metaValue: metaValue || null,
      note: form.note.trim() || null,
    },
  };
}
