namespace Tagloop.Server.Explore;

/// <summary>
/// A group of similar documents: its size, distinctive terms (most distinctive first), a few central documents, how
/// many current answers of its documents carry each label, how many of its documents have an answer, and its centre on the map.
/// </summary>
public sealed record ClusterDto(
    int Id, int Size, IReadOnlyList<string> Terms, IReadOnlyList<ClusterExampleDto> Examples, IReadOnlyDictionary<string, int> LabelCounts, int Labelled, float X, float Y);
