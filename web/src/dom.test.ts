import { describe, expect, it } from "vitest";
import { h } from "./dom";

describe("rendering untrusted text", () => {
  it("shows markup as literal text and creates no elements from it", () => {
    const hostile = '<img src=x onerror=alert(1)><b>bold</b>';
    const el = h("div", { testid: "doc-text" }, hostile);
    expect(el.textContent).toBe(hostile);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("b")).toBeNull();
  });

  it("refuses event-handler and javascript: attributes", () => {
    expect(() => h("a", { href: "javascript:alert(1)" })).toThrow();
    expect(() => h("div", { onclick: "alert(1)" })).toThrow();
  });
});
