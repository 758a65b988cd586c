// Types of the rules' preview, analysis and hits endpoints, written by hand after /tmp/rules-contract.md until the
// generated schema (schema.d.ts) has them; then these become aliases of components["schemas"][…].
import type { components } from "./schema";

export type Rule = components["schemas"]["RuleDto"];
export type NewRule = components["schemas"]["NewRule"];
export type RuleUpdate = components["schemas"]["RuleUpdate"];
export type RuleVersion = components["schemas"]["RuleVersionDto"];

/** A rule as it is being written: the fields of POST rules, the name optional. */
export interface RuleDraft {
  name?: string | null;
  label: string | null;
  kind: string;
  terms?: string[] | null;
  match?: string | null;
  caseSensitive?: boolean | null;
  pattern?: string | null;
  examples?: string[] | null;
  exampleDocumentIds?: number[] | null;
  threshold?: number | null;
  metaField?: string | null;
  metaValue?: string | null;
}

/** One document a rule votes on: its first characters and its answer (or final label), if any. */
export interface RuleHit {
  documentId: number;
  text: string;
  answer: string | null;
}

/** POST /projects/{id}/rules/preview: what a draft would find. */
export interface RulePreview {
  documents: number;
  hits: number;
  coverage: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  overlaps: number;
  conflicts: number;
  error: string | null;
  page: number;
  pageSize: number;
  hitsPage: RuleHit[];
}

/** One rule's figures in GET /projects/{id}/rules/analysis. */
export interface RuleFigures {
  id: number;
  name: string;
  label: string;
  enabled: boolean;
  polarity: string[];
  hits: number;
  coverage: number;
  overlaps: number;
  conflicts: number;
  answered: number;
  correct: number;
  accuracy: number | null;
  accuracyLow: number | null;
  accuracyHigh: number | null;
  error: string | null;
}

/** The label model that combines the switched-on rules' votes. */
export interface LabelModelFigures {
  name: string;
  choice: string;
  coverage: number;
  accuracy: number | null;
}

/** GET /projects/{id}/rules/analysis: every rule's figures and those of the switched-on rules together. */
export interface RulesAnalysis {
  documents: number;
  answered: number;
  totals: { coverage: number; overlap: number; conflict: number };
  labelModel: LabelModelFigures | null;
  rules: RuleFigures[];
}

/** GET /projects/{id}/rules/{ruleId}/hits: a page of the documents a saved rule votes on. */
export interface RuleHitsPage {
  total: number;
  page: number;
  pageSize: number;
  hitsPage: RuleHit[];
}
