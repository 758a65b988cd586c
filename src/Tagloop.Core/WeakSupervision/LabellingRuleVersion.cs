namespace Tagloop.Core.WeakSupervision;

/// <summary>One version of a rule as it was written: its whole definition (<see cref="RuleSnapshot"/> as JSON), who made it, when, and what changed.</summary>
public sealed class LabellingRuleVersion
{
    public long Id { get; set; }

    public int RuleId { get; set; }

    public int Version { get; set; }

    /// <summary>The rule's definition at this version: a <see cref="RuleSnapshot"/> in JSON.</summary>
    public required string Definition { get; set; }

    /// <summary>What this version changed, in words: "Added.", "Terms, threshold changed.", "Label 'Refund' was merged into 'Billing'."</summary>
    public required string Summary { get; set; }

    public required string Author { get; set; }

    public DateTimeOffset At { get; set; }
}
