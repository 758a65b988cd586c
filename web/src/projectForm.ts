// The new-project form's rules, checked in the browser before the server checks them again.

export interface LabelDraft {
  name: string;
  key: string;
  description: string;
  color: string;
}

/** Keys the annotation view keeps for itself. */
export const reservedKeys = ["f", "g", "?"];

/** A row the user did not touch (nothing typed) is left out rather than reported. */
export const isBlank = (l: LabelDraft): boolean => !l.name.trim() && !l.key.trim() && !l.description.trim();

/**
 * Problems per field, named as the server names them ("name", "labels", "labels[2].key"), where the
 * index counts the rows as shown, blank rows included.
 */
export function validateProject(name: string, labels: readonly LabelDraft[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => (problems[field] ??= []).push(message);
  if (!name.trim()) add("name", "Give the project a name.");
  else if (name.trim().length > 200) add("name", "A project name can have at most 200 characters.");
  if (labels.every(isBlank)) add("labels", "Add at least one label.");

  const names = new Map<string, string>();
  const keys = new Map<string, string>();
  labels.forEach((label, i) => {
    if (isBlank(label)) return;
    const labelName = label.name.trim();
    if (!labelName) add(`labels[${i}].name`, "This label has no name.");
    else if (labelName.length > 100) add(`labels[${i}].name`, "A label name can have at most 100 characters.");
    else if (names.has(labelName.toLowerCase())) add(`labels[${i}].name`, `“${labelName}” is already a label.`);
    else names.set(labelName.toLowerCase(), labelName);

    const key = label.key.trim().toLowerCase();
    if (!key) return;
    if ([...key].length !== 1) add(`labels[${i}].key`, "A key is a single character.");
    else if (reservedKeys.includes(key)) add(`labels[${i}].key`, `“${key}” is taken: f flags, g shows the guidelines, ? shows the keys.`);
    else if (keys.has(key)) add(`labels[${i}].key`, `“${key}” is already the key of “${keys.get(key)}”.`);
    else keys.set(key, labelName);
  });
  return problems;
}

/**
 * Maps the server's field names, which count only the labels sent, back to the rows as shown.
 * `sentRows[i]` is the row index of the i-th label sent.
 */
export function toRowField(field: string, sentRows: readonly number[]): string {
  const match = /^labels\[(\d+)\](.*)$/.exec(field);
  if (!match) return field;
  const row = sentRows[Number(match[1])];
  return row === undefined ? "labels" : `labels[${row}]${match[2]}`;
}
