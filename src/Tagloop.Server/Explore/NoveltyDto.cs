namespace Tagloop.Server.Explore;

/// <summary>The unlabelled documents least like any labelled one, least similar first (none before the first answer).</summary>
public sealed record NoveltyDto(string Status, string Message, IReadOnlyList<NovelDocumentDto> Documents);
