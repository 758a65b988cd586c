using Tagloop.Core.WeakSupervision;

namespace Tagloop.Server.WeakSupervision;

/// <summary>One version of a rule: what it changed, who made it and when, and the whole rule as it then was.</summary>
public sealed record RuleVersionDto(int Version, string Summary, string Author, DateTimeOffset At, RuleSnapshot Rule)
{
    public static RuleVersionDto From(RuleHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Version, entry.Summary, entry.Author, entry.At, entry.Rule);
    }
}
