/** Reads the first record of a CSV text (RFC 4180 quoting), for choosing the text column before upload. */
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
    } else if (c === '"' && field === "") {
      quoted = true;
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
  return fields.map((f) => f.trim());
}

export type Format = "csv" | "jsonl" | "prodigy" | "text";

export function guessFormat(fileName: string): Format {
  const name = fileName.toLowerCase();
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return "jsonl";
  return "text";
}

export function contentType(format: Format): string {
  return format === "csv" ? "text/csv" : format === "text" ? "text/plain" : "application/x-ndjson";
}
