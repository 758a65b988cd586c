import { describe, expect, it } from "vitest";
import { ApiError, parseBody } from "./client";

describe("parseBody", () => {
  it("reads JSON", () => {
    expect(parseBody('{"a":1}', 200)).toEqual({ ok: true, value: { a: 1 } });
    expect(parseBody("", 204)).toEqual({ ok: true, value: undefined });
  });

  it("never shows a cut-short answer as it is", () => {
    const body = parseBody('[{"id":1,"name":"Spam","labels":[{"descr', 200);
    expect(body.ok).toBe(false);
    if (body.ok) return;
    const error = new ApiError(body.problem);
    expect(error.message).toContain("incomplete or damaged");
    expect(error.message).not.toContain("descr");
  });

  it("explains an error page without repeating it", () => {
    const body = parseBody("<html><body>Bad gateway</body></html>", 502);
    expect(body.ok).toBe(false);
    if (body.ok) return;
    expect(new ApiError(body.problem).message).toBe("The server answered 502 without an explanation. Reload the page to try again.");
  });
});
