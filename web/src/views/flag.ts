// Flagging a document for a second look, as both annotation views do it: the f key or the Flag button opens a note
// field (Enter flags, Esc cancels); the flag is kept with the view's state and sent with the next answer or skip.
import { h, replace } from "../dom";

/** The flag of the document on screen: flagged or not, and the note (empty for none). */
export interface FlagState {
  flagged: boolean;
  note: string;
}

export interface FlagOptions {
  /** The flag of the document on screen, or null when none is shown. */
  current: () => FlagState | null;
  /** Flags the document on screen with the note (already trimmed); false when there is none to flag. */
  flag: (note: string) => boolean;
  /** Takes the flag off the document on screen. */
  unflag: () => void;
  /** Where the keyboard focus goes back to when the note field closes. */
  home: () => HTMLElement;
  /** Says what happened in the view's status line. */
  say: (text: string, kind: "ok" | "") => void;
  /** Called after the flag changed, so that the view draws itself again. */
  changed: () => void;
}

export interface FlagControl {
  /** The note field with its Flag and Cancel buttons (hidden until opened). */
  box: HTMLElement;
  /** "⚑ Flagged: note · Edit note · Remove flag", shown while the document is flagged and the field is closed. */
  mark: HTMLElement;
  /** The Flag button for the view's row of actions. */
  button: HTMLElement;
  open: () => void;
  close: () => void;
  readonly isOpen: boolean;
  /** Brings the mark and the button up to date with {@link FlagOptions.current}. */
  render: () => void;
}

/** The flag note as the classification view has always shown it, for either view. */
export function flagControl(options: FlagOptions): FlagControl {
  const note = h("input", { id: "flag-note", testid: "flag-note", maxlength: 2000, autocomplete: "off", placeholder: "What is odd about it? (optional)" });
  const box = h("div", { class: "flag-box", testid: "flag-box", hidden: true },
    h("label", { for: "flag-note" }, h("span", { class: "flag-mark", "aria-hidden": "true" }, "⚑ "), "Flag this document for a second look"),
    h("div", { class: "flag-row" }, note,
      h("button", { type: "button", class: "button", onclick: () => confirm() }, "Flag ", h("kbd", {}, "Enter")),
      h("button", { type: "button", class: "button quiet", onclick: () => close() }, "Cancel ", h("kbd", {}, "Esc"))));
  const mark = h("div", { class: "flag-state", testid: "flag-state", hidden: true });
  const button = h("button", { type: "button", class: "button", testid: "flag", onclick: () => open() }, "Flag ", h("kbd", {}, "f"));

  function render() {
    const current = options.current();
    mark.hidden = !current?.flagged || !box.hidden;
    replace(mark, ...(current?.flagged
      ? [h("span", { class: "flag-mark" }, "⚑ Flagged"), current.note ? `: ${current.note}` : " (no note)", " ",
          h("button", { type: "button", class: "link", onclick: () => open() }, "Edit note"), " · ",
          h("button", { type: "button", class: "link", onclick: () => { options.unflag(); options.say("The flag is removed.", ""); options.changed(); } }, "Remove flag")]
      : []));
    replace(button, current?.flagged ? "Flagged " : "Flag ", h("kbd", {}, "f"));
  }

  function open() {
    const current = options.current();
    if (!current) return;
    note.value = current.note;
    box.hidden = false;
    mark.hidden = true;
    note.focus();
  }

  function close() {
    if (box.hidden) return;
    box.hidden = true;
    if (document.activeElement === note) options.home().focus({ preventScroll: true });
    mark.hidden = !options.current()?.flagged;
  }

  function confirm() {
    if (!options.flag(note.value.trim())) return;
    close();
    options.say("Flagged. The flag is saved with your answer or skip.", "ok");
    options.changed();
  }

  note.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      confirm();
    }
  });

  return { box, mark, button, open, close, render, get isOpen() { return !box.hidden; } };
}
