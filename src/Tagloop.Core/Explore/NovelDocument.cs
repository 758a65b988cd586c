namespace Tagloop.Core.Explore;

/// <summary>An unlabelled document and its highest cosine similarity to a labelled one.</summary>
public sealed record NovelDocument(long DocumentId, double Similarity);
