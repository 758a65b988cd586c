// The fixture the span logic's tests share: "Ada met Bob in New York." as the whole document, tokens by hand.
import type { Offsets, TokenSpan } from "./spanCursor";

// "Ada met Bob in New York." as the whole document; tokens by hand.
//  A d a _ m e t _ B o  b  _  i  n  _  N  e  w  _  Y  o  r  k  .
//  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
export const text = "Ada met Bob in New York.";
export const tokens: Offsets[] = [
  { start: 0, end: 3 }, // Ada
  { start: 4, end: 7 }, // met
  { start: 8, end: 11 }, // Bob
  { start: 12, end: 14 }, // in
  { start: 15, end: 18 }, // New
  { start: 19, end: 23 }, // York
  { start: 23, end: 24 }, // .
];
export const region = { start: 0, end: 24 };
export const span = (first: number, last: number, label: string, probability: number | null = null): TokenSpan => ({ first, last, label, probability });
export const labels = [{ name: "PER", key: "p" }, { name: "LOC", key: "l" }, { name: "ORG", key: "o" }];
