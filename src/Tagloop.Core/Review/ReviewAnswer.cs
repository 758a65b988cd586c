namespace Tagloop.Core.Review;

/// <summary>One person's current answer (or skip) on a document under review.</summary>
public sealed record ReviewAnswer(long AnnotationId, string Author, IReadOnlyList<string> Labels, bool Skipped, bool Flagged, string? FlagNote, DateTimeOffset CreatedAt);
