namespace Tagloop.Server.Explore;

/// <summary>An unlabelled document and its highest cosine similarity to any labelled one (lower: less like anything labelled).</summary>
public sealed record NovelDocumentDto(long DocumentId, string Text, double Similarity);
