// Every piece of user data reaches the page through text nodes or attribute values, never as HTML.
export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | undefined | null | EventListener;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value as EventListener);
    } else if (name === "testid") {
      el.setAttribute("data-testid", String(value));
    } else if (name === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(value);
    } else if (name === "checked" && el instanceof HTMLInputElement) {
      el.checked = Boolean(value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      if (/^on/i.test(name) || name === "srcdoc" || ((name === "href" || name === "src") && /^\s*javascript:/i.test(String(value)))) {
        throw new Error(`unsafe attribute ${name}`);
      }
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element, with the same rules as `h`: attributes as values, children as text nodes or elements. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined | null> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (/^on/i.test(name) || /href$/i.test(name)) throw new Error(`unsafe attribute ${name}`);
    el.setAttribute(name === "testid" ? "data-testid" : name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, ...children);
}

/** A label chip in the label's colour. */
export function chip(name: string, color?: string | null): HTMLElement {
  const el = h("span", { class: "chip" }, name);
  paint(el, color);
  return el;
}

/** Gives an element a label's colour (--chip) and a text colour that stays readable on it (--chip-ink). */
export function paint(el: HTMLElement, color?: string | null): void {
  if (!color || !/^#[0-9a-f]{6}$/i.test(color)) return;
  el.style.setProperty("--chip", color);
  el.style.setProperty("--chip-ink", inkFor(color));
}

const DARK_INK = "#1d2330";

/** White or dark text, whichever contrasts more with the background colour `hex` (#rrggbb), after WCAG 2. */
export function inkFor(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  const dark = 0.0168; // the relative luminance of DARK_INK
  const onWhite = 1.05 / (luminance + 0.05);
  const onDark = (luminance + 0.05) / (dark + 0.05);
  return onWhite >= onDark ? "#ffffff" : DARK_INK;
}
