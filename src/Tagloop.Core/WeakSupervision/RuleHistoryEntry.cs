namespace Tagloop.Core.WeakSupervision;

/// <summary>One version of a rule: its number, what it changed, who made it and when, and the whole rule as it then was.</summary>
public sealed record RuleHistoryEntry(int Version, string Summary, string Author, DateTimeOffset At, RuleSnapshot Rule);
