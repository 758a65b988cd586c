// The project's overlap setting: the share of documents that several people label independently, and how many.

export const OVERLAP_EXPLAIN =
  "This share of documents is labelled independently by that many different people, so you can measure how much they agree (Team tab). " +
  "They do not see each other's answers or the model's guess on those documents.";

export const MIN_PEOPLE = 2;
export const MAX_PEOPLE = 10;

/** A share (0–1) as the whole or one-decimal percentage an input shows: 0.1 → "10", 0.125 → "12.5". */
export function percentText(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "0";
  return String(Math.round(share * 1000) / 10);
}

/** The two inputs of the overlap form, so that a problem can point at the one it is about. */
export type OverlapField = "share" | "people";

export type OverlapInput = { ok: true; overlapShare: number; overlapAnswers: number } | { ok: false; field: OverlapField; problem: string };

/** Reads the percentage and number-of-people inputs, or says in plain words which is wrong and why. */
export function readOverlap(percent: string, people: string): OverlapInput {
  const p = percent.trim() === "" ? Number.NaN : Number(percent.trim().replace(",", "."));
  if (!Number.isFinite(p) || p < 0 || p > 100) return { ok: false, field: "share", problem: "Give the share as a percentage from 0 to 100." };
  const n = people.trim() === "" ? Number.NaN : Number(people.trim());
  if (!Number.isInteger(n) || n < MIN_PEOPLE || n > MAX_PEOPLE) {
    return { ok: false, field: "people", problem: `Give the number of people as a whole number from ${MIN_PEOPLE} to ${MAX_PEOPLE}.` };
  }
  return { ok: true, overlapShare: Math.round(p * 10) / 1000, overlapAnswers: n };
}

/** The confirmation after saving, e.g. "Saved: 10% of documents will be labelled by 3 people each." */
export function overlapSaved(share: number, answers: number): string {
  if (share <= 0) return "Saved: each document will be labelled by one person only, so the Team tab will have nothing to compare.";
  return `Saved: ${percentText(share)}% of documents will be labelled by ${answers} different people each.`;
}
