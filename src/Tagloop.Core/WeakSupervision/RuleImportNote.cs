namespace Tagloop.Core.WeakSupervision;

/// <summary>A rule that came in switched off: its name, the label the package gave it (empty when none) and why, in words (also kept as the rule's note).</summary>
public sealed record RuleImportNote(string Name, string Label, string Reason);
