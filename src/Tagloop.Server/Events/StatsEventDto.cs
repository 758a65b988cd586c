namespace Tagloop.Server.Events;

/// <summary>The data of a <c>stats</c> event: answers changed, so the project's statistics are worth fetching again.</summary>
public sealed record StatsEventDto(int ProjectId, DateTimeOffset ChangedAt);
