namespace Tagloop.Core.Tasks;

/// <summary>A span shown in a task: [Start, End) in UTF-16 code units of the whole document, its type, and the model's probability of it (null for the annotator's own).</summary>
public sealed record SuggestedSpan(int Start, int End, string Label, double? Probability);
