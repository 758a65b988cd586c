using System.Collections.Frozen;
using System.Numerics.Tensors;
using System.Text;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Words grouped by their word vectors at several granularities (e.g. 64, 256 and 1,024 clusters), for a tagger's
/// discrete "cluster of this word" features — the role Brown clusters play in feature-based taggers (Turian, Ratinov
/// and Bengio 2010). The finest level is k-means over the vectors, centred and scaled to unit length; each coarser level is k-means over the
/// finer level's centroids weighted by their sizes, so the levels nest. Words are looked up in lower case.
/// Deterministic under a seed; immutable and thread-safe; saved and loaded without loss.
/// </summary>
public sealed class WordClusters
{
    /// <summary>The format version <see cref="Save"/> writes.</summary>
    public const int Format = 1;

    private const uint Magic = 0x43574C54; // "TLWC"
    private readonly string[] words;
    private readonly FrozenDictionary<string, int> index;
    private readonly ushort[][] ids;

    private WordClusters(string[] words, int[] granularities, ushort[][] ids)
    {
        this.words = words;
        this.ids = ids;
        Granularities = granularities;
        var map = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            map.TryAdd(words[i], i);
        }

        index = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The number of clusters at each level, ascending.</summary>
    public IReadOnlyList<int> Granularities { get; }

    /// <summary>The number of words with clusters.</summary>
    public int Count => words.Length;

    /// <summary>
    /// Clusters the first <paramref name="words"/> rows of <paramref name="vectors"/> (GloVe's rows are in falling
    /// frequency, so these are the most frequent words).
    /// </summary>
    /// <param name="vectors">The word vectors (their vocabulary should be lower case, as GloVe 6B's is).</param>
    /// <param name="words">How many rows, from the first (at most the file's rows).</param>
    /// <param name="granularities">The numbers of clusters, each between 2 and 65,535 and at most <paramref name="words"/>.</param>
    /// <param name="seed">Seeds k-means++.</param>
    /// <param name="iterations">Lloyd iterations at most per level.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static WordClusters Build(WordVectors vectors, int words, IReadOnlyList<int> granularities, int seed, int iterations = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (words < 1 || words > vectors.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(words), words, $"words must be between 1 and the {vectors.Rows} rows of the vectors.");
        }

        var d = vectors.Dimension;
        var names = new string[words];
        var rows = new float[(long)words * d <= Array.MaxLength ? words * d : throw new ArgumentOutOfRangeException(nameof(words), words, "Too many words to cluster at once.")];
        for (var i = 0; i < words; i++)
        {
            names[i] = vectors.WordAt(i);
            vectors.CopyRow(i, rows.AsSpan(i * d, d));
        }

        return Build(names, rows, d, granularities, seed, iterations, cancellationToken);
    }

    /// <summary>Clusters the given words by their vectors (<paramref name="vectors"/>: words × dimension, row-major).</summary>
    /// <param name="words">The words (looked up later in lower case: give them in lower case); a repeated word keeps its first row's clusters.</param>
    /// <param name="vectors">Their vectors, row-major; they are scaled to unit length before clustering (this array is not changed).</param>
    /// <param name="dimension">The length of each vector.</param>
    /// <param name="granularities">The numbers of clusters, each between 2 and 65,535 and at most the number of words.</param>
    /// <param name="seed">Seeds k-means++.</param>
    /// <param name="iterations">Lloyd iterations at most per level.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static WordClusters Build(IReadOnlyList<string> words, float[] vectors, int dimension, IReadOnlyList<int> granularities, int seed, int iterations = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(granularities);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (vectors.Length != (long)words.Count * dimension)
        {
            throw new ArgumentException($"{vectors.Length} values for {words.Count} words of dimension {dimension}.", nameof(vectors));
        }

        var levels = granularities.Distinct().Order().ToArray();
        if (levels.Length == 0 || levels.Length != granularities.Count)
        {
            throw new ArgumentException("granularities must name at least one number of clusters, none twice.", nameof(granularities));
        }

        foreach (var k in levels)
        {
            if (k < 2 || k > ushort.MaxValue || k > words.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(granularities), k, $"A number of clusters must be between 2 and {Math.Min(ushort.MaxValue, words.Count)} (the words given).");
            }
        }

        var names = new string[words.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = words[i] ?? throw new ArgumentException($"Word {i} is null.", nameof(words));
        }

        // Centred, then scaled to unit length: GloVe's vectors share a common direction that frequent words lean
        // along most, which otherwise pulls unrelated frequent words into one cluster (Mu and Viswanath 2018).
        var unit = (float[])vectors.Clone();
        var mean = new double[dimension];
        for (var i = 0; i < names.Length; i++)
        {
            for (var j = 0; j < dimension; j++)
            {
                mean[j] += unit[(i * dimension) + j];
            }
        }

        var centre = mean.Select(m => (float)(m / names.Length)).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            TensorPrimitives.Subtract(unit.AsSpan(i * dimension, dimension), centre, unit.AsSpan(i * dimension, dimension));
        }

        for (var i = 0; i < names.Length; i++)
        {
            var row = unit.AsSpan(i * dimension, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }

        // The finest level over the words, then each coarser level over the level below's centroids.
        var ids = new ushort[levels.Length][];
        var fine = KMeans.Fit(unit, dimension, null, levels[^1], seed, iterations, cancellationToken);
        ids[^1] = [.. fine.Assignment.Select(c => (ushort)c)];
        var points = fine.Centroids;
        var sizes = new float[levels[^1]];
        foreach (var c in fine.Assignment)
        {
            sizes[c]++;
        }

        var parent = Enumerable.Range(0, levels[^1]).ToArray();
        for (var level = levels.Length - 2; level >= 0; level--)
        {
            var coarse = KMeans.Fit(points, dimension, sizes, levels[level], seed + level + 1, iterations * 5, cancellationToken);
            for (var c = 0; c < parent.Length; c++)
            {
                parent[c] = coarse.Assignment[parent[c]];
            }

            ids[level] = [.. fine.Assignment.Select(c => (ushort)parent[c])];
            var coarseSizes = new float[levels[level]];
            for (var c = 0; c < coarse.Assignment.Length; c++)
            {
                coarseSizes[coarse.Assignment[c]] += sizes[c];
            }

            // The next level clusters these centroids; parent[] maps the finest clusters to this level.
            points = coarse.Centroids;
            sizes = coarseSizes;
        }

        return new WordClusters(names, levels, ids);
    }

    /// <summary>The cluster of <paramref name="word"/> (looked up in lower case) at level <paramref name="level"/> (an index into <see cref="Granularities"/>), or −1 when the word has none.</summary>
    public int ClusterOf(string word, int level)
    {
        ArgumentNullException.ThrowIfNull(word);
        if ((uint)level >= (uint)ids.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"level must be below {ids.Length}.");
        }

        var i = IndexOf(word);
        return i < 0 ? -1 : ids[level][i];
    }

    /// <summary>The word's number in the clusters (−1 when it has none), for reading every level with <see cref="ClusterAt"/>.</summary>
    internal int IndexOf(string word) =>
        index.TryGetValue(word, out var i) || index.TryGetValue(word.ToLowerInvariant(), out i) ? i : -1;

    internal int ClusterAt(int word, int level) => ids[level][word];

    /// <summary>Writes the clusters: "TLWC", format, then the payload <see cref="Load"/> reads.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Format);
        Write(writer);
    }

    /// <summary>Reads clusters written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a clusters file, another format, or cut short or damaged.</exception>
    public static WordClusters Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("This is not a Tagloop word-clusters file.");
            }

            var format = reader.ReadInt32();
            if (format != Format)
            {
                throw new InvalidDataException($"This word-clusters file has format {format}; this Tagloop reads format {Format}.");
            }

            return Read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The word-clusters file ends too early: it is cut short or damaged.", e);
        }
    }

    /// <summary>The payload: granularities, words, then each level's cluster per word.</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Granularities.Count);
        foreach (var k in Granularities)
        {
            writer.Write(k);
        }

        writer.Write(words.Length);
        foreach (var word in words)
        {
            writer.Write(word);
        }

        foreach (var level in ids)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(level.AsSpan()));
        }
    }

    internal static WordClusters Read(BinaryReader reader)
    {
        var levels = reader.ReadInt32();
        if (levels is < 1 or > 16)
        {
            throw new InvalidDataException($"The word clusters name {levels} levels: they are damaged.");
        }

        var granularities = new int[levels];
        for (var l = 0; l < levels; l++)
        {
            granularities[l] = reader.ReadInt32();
            if (granularities[l] is < 2 or > ushort.MaxValue || (l > 0 && granularities[l] <= granularities[l - 1]))
            {
                throw new InvalidDataException($"The word clusters' level {l} has {granularities[l]} clusters: they are damaged.");
            }
        }

        var count = reader.ReadInt32();
        if (count < 1 || count > 1 << 24 || (reader.BaseStream.CanSeek && count > reader.BaseStream.Length - reader.BaseStream.Position))
        {
            throw new InvalidDataException($"The word clusters name {count} words, more than they hold: they are cut short or damaged.");
        }

        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = reader.ReadString();
        }

        var ids = new ushort[levels][];
        for (var l = 0; l < levels; l++)
        {
            ids[l] = new ushort[count];
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(ids[l].AsSpan()));
            if (ids[l].Any(c => c >= granularities[l]))
            {
                throw new InvalidDataException($"The word clusters' level {l} names a cluster beyond its {granularities[l]}: they are damaged.");
            }
        }

        return new WordClusters(words, granularities, ids);
    }
}
