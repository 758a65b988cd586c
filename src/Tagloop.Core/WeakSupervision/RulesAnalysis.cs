namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// A project's rules over its documents: how many documents and how many have a label so far, the switched-on rules'
/// totals, the label model that combines them, and every rule's figures (switched-off rules too, which count in
/// neither the totals nor the label model).
/// </summary>
public sealed record RulesAnalysis(int Documents, int Answered, RuleTotals Totals, LabelModelSummary LabelModel, IReadOnlyList<RuleFigures> Rules);
