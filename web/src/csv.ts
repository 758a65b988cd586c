// What the import form works out on its own before uploading: the file's format and its CSV columns.

/** Reads the first record of a CSV text (RFC 4180 quoting, fields may span lines inside quotes). */
export function csvHeader(text: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      break;
    } else {
      field += c;
    }
  }
  fields.push(field);
  const names = fields.map((f) => f.trim());
  return names.length === 1 && names[0] === "" ? [] : names;
}

export type Format = "csv" | "jsonl" | "json" | "prodigy" | "label-studio" | "doccano" | "argilla" | "spacy" | "text";

/** Keys found in Prodigy tasks but not in plain JSONL documents. */
const prodigyKeys = ["answer", "accept", "options", "_input_hash", "_task_hash", "_view_id", "_session_id"];

/**
 * Guesses the format from the file name and the start of the file (`head`): a JSON array is "json" (the server tells
 * each record's tool by its fields), JSON lines are recognised by the keys of the first line.
 */
export function guessFormat(fileName: string, head = ""): Format {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv")) return "csv";
  const start = head.replace(/^\ufeff/, "").trimStart();
  if (name.endsWith(".json") || start.startsWith("[")) {
    return start.startsWith("[") || !start.startsWith("{") ? "json" : jsonLinesFormat(head);
  }
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return jsonLinesFormat(head);
  return "text";
}

function jsonLinesFormat(head: string): Format {
  const first = firstRecord(head);
  if (!first) return "jsonl";
  if ("cats" in first) return "spacy";
  if ("data" in first && !("text" in first)) return "label-studio";
  if ("fields" in first || "annotation" in first || "responses" in first) return "argilla";
  return looksLikeProdigy(head) ? "prodigy" : "jsonl";
}

function firstRecord(head: string): object | undefined {
  const line = head.replace(/^\ufeff/, "").split(/\r?\n/).find((l) => l.trim() !== "");
  if (!line) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeProdigy(head: string): boolean {
  const line = head.replace(/^\ufeff/, "").split(/\r?\n/).find((l) => l.trim() !== "");
  if (!line) return false;
  try {
    const first: unknown = JSON.parse(line);
    return typeof first === "object" && first !== null && prodigyKeys.some((k) => k in first);
  } catch {
    return false;
  }
}

export function contentType(format: Format): string {
  return format === "csv" ? "text/csv" : format === "text" ? "text/plain" : format === "json" || format === "label-studio" ? "application/json" : "application/x-ndjson";
}

/** The column whose name is one of `names` (any case), in the order of `names`. */
export function findColumn(header: readonly string[], names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = header.find((c) => c.toLowerCase() === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The same lists, in the same order, as the server's (src/Tagloop.Core/Import/CsvColumnNames.cs): the page and the API agree. */
export const textColumnNames = ["text", "body", "content", "message", "document", "sentence", "review", "comment"];
export const labelColumnNames = ["label", "labels", "category", "class", "tag"];
