import { h, replace, type Child } from "../dom";

export interface ConfirmOptions {
  testid: string;
  /** What happens, in plain words (text, never HTML). */
  sentence: Child;
  /** The button that does it, e.g. "Delete 12 documents". */
  confirm: string;
  /** Fields to fill in before confirming (a merge's target, a split's names), shown under the sentence. */
  fields?: Child[];
  /** Does it; a thrown error is shown in the box and the buttons work again. */
  run: () => Promise<void>;
  onCancel: () => void;
}

/**
 * An inline confirmation: the sentence that says what will happen, the button that does it and Cancel (or Esc).
 * The sentence takes the focus, so that a screen reader reads it and the next Tab reaches the button.
 */
export function confirmBox(options: ConfirmOptions): HTMLElement {
  const status = h("p", { class: "status", testid: `${options.testid}-status`, role: "status", "aria-live": "polite" });
  const sentence = h("p", { class: "confirm-sentence", tabindex: -1, testid: `${options.testid}-sentence` }, options.sentence);
  const yes = h("button", { type: "submit", class: "button danger", testid: `${options.testid}-yes` }, options.confirm) as HTMLButtonElement;
  const no = h("button", { type: "button", class: "button", testid: `${options.testid}-cancel`, onclick: () => options.onCancel() }, "Cancel ", h("kbd", {}, "Esc"));
  const box = h("form", { class: "confirm", testid: options.testid, role: "group", "aria-label": options.confirm },
    sentence,
    ...(options.fields ?? []),
    h("div", { class: "actions" }, yes, no),
    status);
  let running = false;
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    yes.disabled = true;
    status.className = "status";
    replace(status, "Working…");
    try {
      await options.run();
      replace(status);
    } catch (error) {
      status.className = "status error";
      replace(status, error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
      yes.disabled = false;
    }
  });
  box.addEventListener("keydown", (event) => {
    // Keys pressed here belong to the confirmation, never to a page's own keys (a label's key, Enter to save).
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      options.onCancel();
    }
  });
  return box;
}

/** Puts the focus on a confirmation's sentence (after it is on the page). */
export function focusConfirm(box: HTMLElement): void {
  box.querySelector<HTMLElement>(".confirm-sentence")?.focus();
}

/** Sets a confirmation's sentence anew (a merge's sentence follows the chosen label). */
export function setSentence(box: HTMLElement, sentence: Child): void {
  const p = box.querySelector<HTMLElement>(".confirm-sentence");
  if (p) replace(p, sentence);
}

/** Shows a message in a confirmation's status line, as an error. */
export function confirmError(box: HTMLElement, message: string): void {
  const status = box.querySelector<HTMLElement>(".status");
  if (!status) return;
  status.className = "status error";
  replace(status, message);
}
