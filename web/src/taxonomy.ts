// The rules and sentences of changing a project's labels and deleting documents, apart from the page so that they can
// be tested: what a label edit sends, which new names a split takes, where the server's messages go, and the plain
// sentences every confirmation shows.
import type { ImportRun, Label, LabelUpdate } from "./api/client";

const count = (n: number): string => n.toLocaleString();
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
const quote = (name: string): string => `“${name}”`;

/** A label as its row on the page has it now. */
export interface LabelDraft {
  name: string;
  key: string;
  color: string;
  description: string;
}

/** The fields the person changed, as PATCH …/labels/{id} takes them (an empty key removes the key); null when nothing changed. */
export function labelUpdate(label: Label, draft: LabelDraft): LabelUpdate | null {
  const update: LabelUpdate = {};
  if (draft.name.trim() !== label.name) update.name = draft.name.trim();
  if (draft.key.trim() !== (label.key ?? "")) update.key = draft.key.trim();
  if (draft.color.toLowerCase() !== label.color.toLowerCase()) update.color = draft.color;
  if (draft.description.trim() !== label.description) update.description = draft.description.trim();
  return Object.keys(update).length ? update : null;
}

/** The new names of a split, trimmed, empty ones left out, or what is wrong with them. */
export function splitNames(raw: readonly string[]): { names: string[]; problem: string | null } {
  const names = raw.map((n) => n.trim()).filter((n) => n !== "");
  if (names.length < 2) return { names, problem: "Give at least two new names: a label is split into two or more." };
  const seen = new Set<string>();
  for (const name of names) {
    const folded = name.toLocaleLowerCase();
    if (seen.has(folded)) return { names, problem: `${quote(name)} is given twice: each new label needs its own name.` };
    seen.add(folded);
  }
  return { names, problem: null };
}

/**
 * Sorts the server's validation messages ({field: [messages]}) into those shown next to a field of the form and the
 * rest, shown under it. `fields` maps the server's field names ("name", "into[1].name") to the form's own.
 */
export function placeErrors(errors: Record<string, string[]>, fields: Record<string, string>): { placed: Record<string, string[]>; rest: string[] } {
  const placed: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const at = fields[field];
    if (at === undefined) rest.push(...messages);
    else (placed[at] ??= []).push(...messages);
  }
  return { placed, rest };
}

/** "the 12 documents labelled “billing”", or null when none is (or the count is unknown). */
function labelled(name: string, documents: number | undefined): string | null {
  if (documents === undefined) return null;
  return documents === 0 ? null : `${documents === 1 ? "the 1 document" : `the ${count(documents)} documents`} labelled ${quote(name)}`;
}

/** What merging `from` into `into` does, in plain words. */
export function mergeSentence(from: string, into: string, documents: number | undefined): string {
  const which = labelled(from, documents);
  const first = documents === 0
    ? `No document is labelled ${quote(from)} yet, so no answer changes.`
    : `Every answer that says ${quote(from)} will say ${quote(into)} instead${which ? ` (${which})` : ""}.`;
  return `${first} ${quote(from)} disappears from the list of labels; the earlier answers stay visible in each document’s history.`;
}

/** "“a” and “b”", "“a”, “b” and “c”". */
export function listNames(names: readonly string[]): string {
  const quoted = names.map(quote);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/** What splitting `from` into `names` does, in plain words. */
export function splitSentence(from: string, names: readonly string[], documents: number | undefined): string {
  const into = names.length ? listNames(names) : "the new labels";
  const first = `${quote(from)} will be replaced by ${into}.`;
  if (documents === 0) return `${first} No document is labelled ${quote(from)} yet, so nothing goes back to the queue.`;
  const which = labelled(from, documents) ?? `the documents labelled ${quote(from)}`;
  const one = documents === 1;
  return `${first} ${capital(which)} ${one ? "goes" : "go"} back to the front of the queue, so that someone chooses again among the new labels; ` +
    `until then ${one ? "it counts" : "they count"} as not labelled. ${one ? "Its" : "Their"} earlier answers stay visible in ${one ? "its" : "each document’s"} history.`;
}

/** What deleting a label does, in plain words. */
export function deleteLabelSentence(name: string, documents: number | undefined, multiLabel: boolean): string {
  const which = labelled(name, documents);
  if (documents === 0) return `No document is labelled ${quote(name)} yet. ${quote(name)} disappears from the list of labels. This cannot be undone.`;
  const answers = which ? `The answers that say ${quote(name)} (${which})` : `The answers that say ${quote(name)}`;
  const then = multiLabel
    ? "Answers with other labels keep those; a document that had only this label counts as not labelled again, and comes back to the queue."
    : "Those documents count as not labelled again, and come back to the queue.";
  return `${answers} are kept in each document’s history, but no longer counted. ${then} This cannot be undone.`;
}

/** The browse list's filters, as a sentence names them. */
export function selectionWords(filter: string, q: string): string {
  const search = q.trim() ? ` that match the search ${quote(q.trim())}` : "";
  if (filter.startsWith("label:")) return `the documents labelled ${quote(filter.slice("label:".length))}${search}`;
  switch (filter) {
    case "unlabelled": return `the documents not labelled yet${search}`;
    case "labelled": return `the labelled documents${search}`;
    case "flagged": return `the flagged documents${search}`;
    case "skipped": return `the skipped documents${search}`;
    case "suspect": return `the documents whose label the model thinks is likely wrong${search}`;
    default: return search ? `the documents${search}` : "every document of the project";
  }
}

/** The confirmation for deleting what the browse list shows. */
export function deleteSelectionSentence(total: number, filter: string, q: string): string {
  const words = selectionWords(filter, q);
  if (total === 1) {
    const which = words === "every document of the project" ? "It is the project’s only document." : `It is the only one of ${words}.`;
    return `Delete this document for good? ${which} Its answers go with it. This cannot be undone.`;
  }
  return `Delete these ${count(total)} documents for good? They are ${words}. Their answers go with them. This cannot be undone.`;
}

/** The button that deletes what the browse list shows. */
export function deleteSelectionButton(total: number): string {
  return total === 1 ? "Delete this document" : `Delete these ${count(total)} documents`;
}

/** The confirmation for deleting one document. */
export function deleteDocumentSentence(id: number, answers: number): string {
  const with_ = answers === 0 ? "No one has labelled it yet." : `Its ${plural(answers, "answer")} ${answers === 1 ? "goes" : "go"} with it.`;
  return `Delete document #${id} for good? ${with_} This cannot be undone.`;
}

/** An import as the list names it. */
export function importName(run: ImportRun): string {
  return run.fileName?.trim() ? run.fileName : `Import #${run.id} (no file name)`;
}

/** The confirmation for deleting an import: how many documents and answers go. */
export function deleteImportSentence(run: ImportRun): string {
  const name = run.fileName?.trim() ? `the import of ${quote(run.fileName)}` : `import #${run.id}`;
  let docs: string;
  if (run.documents === 0) docs = "None of its documents is left in the project, so only its entry in this list goes.";
  else if (run.documents === 1) docs = run.answered ? "Its 1 document goes for good, with its answers." : "Its 1 document goes for good; it has no answer yet.";
  else if (run.answered === 0) docs = `Its ${plural(run.documents, "document")} go for good; none of them has an answer yet.`;
  else docs = `Its ${plural(run.documents, "document")} go for good, with their answers (${run.answered === run.documents ? "every one of them has" : `${count(run.answered)} of them ${run.answered === 1 ? "has" : "have"}`} an answer).`;
  return `Delete ${name}? ${docs} This cannot be undone.`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
