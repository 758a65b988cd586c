namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// The label model that combines the switched-on rules' votes: its name, why it was chosen (in words), the share of
/// documents it labels (those with a vote) and its accuracy on the labelled documents with a vote (null without any).
/// </summary>
public sealed record LabelModelSummary(string Name, string Choice, double Coverage, double? Accuracy);
