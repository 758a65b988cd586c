// What the span view says of where the annotator is and what the keys will do, in plain words for people who have
// never met a tagger: pure, so that the sentences are tested.
import type { SpanMode } from "./spanKeys";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Sentence 3 of 7 in this document (2 done)": where the region stands in its document, from the task's numbers;
 * empty when the server did not send them (an older server).
 */
export function regionPlace(
  number: number | null | undefined,
  count: number | null | undefined,
  answered: number | null | undefined,
  unit: string = "sentence",
): string {
  if (!number || !count) return "";
  if (count === 1) return `The only ${unit} in this document`;
  const done = answered ? ` (${answered} of ${count} done)` : "";
  return `${unit[0].toUpperCase()}${unit.slice(1)} ${number} of ${count} in this document${done}`;
}

/** What Enter does now, said beside the buttons. */
export function enterMeaning(mode: SpanMode, entities: number, unit: string = "sentence"): string {
  if (mode === "teach") return "Enter (or a) answers yes, Backspace (or x) answers no. Then the next question comes.";
  return entities === 0
    ? `Enter saves this ${unit} as having no entities, then shows the next ${unit}.`
    : `Enter saves this ${unit} with the ${plural(entities, "entity", "entities")} shown, then shows the next ${unit}.`;
}

/** Whether what is on screen is saved: the save state under the sentence. */
export function saveState(mode: SpanMode, edited: boolean, saving: boolean): string {
  if (saving) return "Saving…";
  if (mode === "teach") return "Nothing to save until you answer.";
  return edited ? "Not saved yet: you have changed this sentence." : "Not saved yet.";
}
