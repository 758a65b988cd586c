using System.Collections.Concurrent;
using Tagloop.Learning.Explore;

namespace Tagloop.Core.Explore;

/// <summary>
/// One computed map of a project's documents: their ids in the order of the layout's rows, the layout (coordinates in
/// [−1, 1]²), the sentence model it was drawn from, the groups found with k chosen automatically, and — filled on
/// demand — the groups at other k and the distinctive terms of each grouping. Immutable apart from those caches;
/// replaced whole when documents arrive or leave.
/// </summary>
public sealed class CorpusMap
{
    private readonly Dictionary<long, int> rows;

    public CorpusMap(int projectId, string encoder, int dimension, int version, long[] ids, MapLayout layout, EmbeddingClusters automatic, DocumentsState documents)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(automatic);
        if (layout.Count != ids.Length || automatic.Assignments.Length != ids.Length)
        {
            throw new ArgumentException($"The map has {ids.Length} documents but {layout.Count} coordinates and {automatic.Assignments.Length} assignments.", nameof(layout));
        }

        ProjectId = projectId;
        Encoder = encoder;
        Dimension = dimension;
        Version = version;
        Ids = ids;
        Layout = layout;
        Automatic = automatic;
        Documents = documents;
        rows = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            rows[ids[i]] = i;
        }
    }

    public int ProjectId { get; }

    public string Encoder { get; }

    public int Dimension { get; }

    /// <summary>Counts up each time the layout changes.</summary>
    public int Version { get; }

    /// <summary>The documents, in the layout's row order.</summary>
    public long[] Ids { get; }

    public MapLayout Layout { get; }

    /// <summary>The groups with k chosen automatically.</summary>
    public EmbeddingClusters Automatic { get; }

    /// <summary>The project's documents when the map was made: when they change, the map is brought up to date.</summary>
    public DocumentsState Documents { get; }

    /// <summary>Groupings at a k someone asked for, computed once per map.</summary>
    internal ConcurrentDictionary<int, Lazy<Task<EmbeddingClusters>>> ByK { get; } = new();

    /// <summary>Each grouping's distinctive terms, by k.</summary>
    internal ConcurrentDictionary<int, Lazy<Task<IReadOnlyList<IReadOnlyList<ClusterTerm>>>>> Terms { get; } = new();

    /// <summary>The row of a document, or −1 when it is not on the map.</summary>
    public int RowOf(long documentId) => rows.TryGetValue(documentId, out var row) ? row : -1;
}
