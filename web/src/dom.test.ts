import { describe, expect, it } from "vitest";
import { chip, h, inkFor, svg } from "./dom";

describe("rendering untrusted text", () => {
  it("shows markup as literal text and creates no elements from it", () => {
    const hostile = "<img src=x onerror=alert(1)><b>bold</b>";
    const el = h("div", { testid: "doc-text" }, hostile);
    expect(el.textContent).toBe(hostile);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("b")).toBeNull();
  });

  it("refuses event-handler and javascript: attributes", () => {
    expect(() => h("a", { href: "javascript:alert(1)" })).toThrow();
    expect(() => h("a", { href: " JavaScript:alert(1)" })).toThrow();
    expect(() => h("div", { onclick: "alert(1)" })).toThrow();
  });

  it("builds SVG in the SVG namespace with text children, and refuses handlers and links", () => {
    const el = svg("text", { x: 1, testid: "t" }, "<b>x</b>");
    expect(el.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(el.getAttribute("data-testid")).toBe("t");
    expect(el.textContent).toBe("<b>x</b>");
    expect(el.querySelector("b")).toBeNull();
    expect(() => svg("circle", { onload: "alert(1)" })).toThrow();
    expect(() => svg("use", { "xlink:href": "#x" })).toThrow();
  });

  it("ignores label colours that are not plain hex colours", () => {
    const el = chip("x", "red;background:url(http://example.com/)");
    expect(el.getAttribute("style")).toBeNull();
  });

  it("is the only way the code puts text on the page: no HTML parsing anywhere", () => {
    const sources = import.meta.glob(["./**/*.ts", "!./**/*.test.ts", "!./**/*.d.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
    expect(Object.keys(sources).length).toBeGreaterThan(5);
    for (const [file, source] of Object.entries(sources)) {
      expect(source, file).not.toMatch(/\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/);
    }
  });
});

describe("label colours", () => {
  it("picks the text colour with the better contrast", () => {
    expect(inkFor("#d62728")).toBe("#ffffff");
    expect(inkFor("#1f77b4")).toBe("#ffffff");
    expect(inkFor("#bcbd22")).toBe("#1d2330");
    expect(inkFor("#ffffff")).toBe("#1d2330");
    expect(inkFor("#000000")).toBe("#ffffff");
  });
});
