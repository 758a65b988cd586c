/** A hash route such as "#/projects/3/browse?filter=flagged&page=2", split into its path and query. */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const at = raw.indexOf("?");
  const path = (at < 0 ? raw : raw.slice(0, at)).split("/").filter(Boolean).map(decode);
  return { path, query: new URLSearchParams(at < 0 ? "" : raw.slice(at + 1)) };
}

/** Builds a hash link, leaving out empty query values. */
export function link(path: string, query: Record<string, string | number | undefined> | URLSearchParams = {}): string {
  const params = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
  for (const [key, value] of entries) if (value !== undefined && value !== "") params.set(key, String(value));
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ""}`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
