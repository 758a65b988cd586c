// The rules endpoints' types, from the generated schema (schema.d.ts, `npm run gen:api`).
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Rule = Schemas["RuleDto"];
export type NewRule = Schemas["NewRule"];
export type RuleUpdate = Schemas["RuleUpdate"];
export type RuleVersion = Schemas["RuleVersionDto"];
/** A rule as it is being written: the body of POST rules (and of a preview), without `enabled` and `note`. */
export type RuleDraft = Omit<NewRule, "enabled" | "note">;
/** One document a rule finds: its first 300 characters and its final label so far, if any. */
export type RuleHit = Schemas["RuleHit"];
/** POST /projects/{id}/rules/preview: what a draft would find. */
export type RulePreview = Schemas["RuleDraftPreview"];
/** One rule's figures in the analysis. */
export type RuleFigures = Schemas["RuleFigures"];
/** The label model that combines the switched-on rules' votes. */
export type LabelModelFigures = Schemas["LabelModelSummary"];
/** GET /projects/{id}/rules/analysis: every rule's figures and those of the switched-on rules together. */
export type RulesAnalysis = Schemas["RulesAnalysis"];
/** GET /projects/{id}/rules/{ruleId}/hits: a page of the documents a saved rule votes on. */
export type RuleHitsPage = Schemas["RuleHitsPage"];
/** GET /projects/{id}/rules/suggestions: keyword rules worth writing, from the documents' final labels. */
export type SuggestedRules = Schemas["SuggestedRules"];
/** One suggested keyword rule: label, terms, precision with its 95% range, and how many documents it finds. */
export type SuggestedRule = Schemas["SuggestedRule"];
/** GET /projects/{id}/rules/export, the body of POST rules/import: a project's rules with labels by name. */
export type RulePackage = Schemas["RulePackage"];
/** POST /projects/{id}/rules/import: what the import added, and the rules that came in switched off with why. */
export type RuleImport = Schemas["RuleImport"];
