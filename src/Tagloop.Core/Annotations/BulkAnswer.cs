namespace Tagloop.Core.Annotations;

/// <summary>One label set given to many documents at once (a region of the map, a group), as the caller's answer to each.</summary>
public sealed record BulkAnswer(IReadOnlyList<long>? DocumentIds, IReadOnlyList<string>? Labels);
