using Tagloop.Learning.Text;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Word uni- and bigram TF-IDF in a hashed feature space (the "hashing trick", Weinberger et al. 2009):
/// sublinear term frequency, smoothed IDF fitted on a corpus, rows L2-normalised.
/// </summary>
public sealed class HashedTfidfEncoder : ITextEncoder
{
    public const string EncoderName = "tfidf";

    /// <summary>Below this many documents every feature is kept.</summary>
    public const int MinCorpusForPruning = 50;

    private readonly float[] idf;

    private HashedTfidfEncoder(int bits, float[] idf)
    {
        Bits = bits;
        this.idf = idf;
    }

    public int Bits { get; }

    /// <summary>The inverse document frequency of every hashed feature (0 for pruned ones), for saving.</summary>
    public ReadOnlySpan<float> Idf => idf;

    /// <summary>An encoder from saved frequencies (see <see cref="Idf"/>).</summary>
    public static HashedTfidfEncoder FromIdf(int bits, float[] idf)
    {
        ArgumentNullException.ThrowIfNull(idf);
        if (bits is < 8 or > 24 || idf.Length != 1 << bits)
        {
            throw new ArgumentException($"{idf.Length} frequencies do not fit {bits} hash bits.", nameof(idf));
        }

        return new HashedTfidfEncoder(bits, idf);
    }

    public int Dimension => 1 << Bits;

    public string Name => EncoderName;

    public int Columns => Dimension;

    /// <summary>
    /// Learns document frequencies from a corpus (the project's own documents). Features found in fewer than
    /// <paramref name="minDocumentFrequency"/> documents are dropped once the corpus has <see cref="MinCorpusForPruning"/>
    /// documents: a word or bigram that occurs in one document only cannot link it to any other, and with few labels
    /// the model would otherwise spend its weight memorising such features (SMS spam, 500 random labels: 0.91 → 0.95).
    /// </summary>
    public static HashedTfidfEncoder Fit(IReadOnlyList<string> corpus, int bits = 18, int minDocumentFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (bits is < 8 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Use between 8 and 24 hash bits.");
        }

        return FromTermFrequencies(TermFrequencies(corpus, bits), bits, minDocumentFrequency);
    }

    /// <summary>
    /// The first, costly stage of encoding: per text, the sublinear term frequency (1 + log count) of each hashed uni-
    /// and bigram, sorted by feature. It does not depend on the corpus, so it can be computed once per document at
    /// import and kept (the vector cache); <see cref="FromTermFrequencies"/> and <see cref="Weigh"/> finish the job.
    /// </summary>
    public static SparseMatrix TermFrequencies(IReadOnlyList<string> texts, int bits = 18)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var starts = new int[texts.Count + 1];
        var indices = new List<int>(texts.Count * 24);
        var values = new List<float>(texts.Count * 24);
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < texts.Count; i++)
        {
            counts.Clear();
            foreach (var feature in Features(texts[i], bits))
            {
                counts[feature] = counts.GetValueOrDefault(feature) + 1;
            }

            var sorted = counts.Keys.ToArray();
            Array.Sort(sorted);
            foreach (var feature in sorted)
            {
                indices.Add(feature);
                values.Add((float)(1.0 + Math.Log(counts[feature])));
            }

            starts[i + 1] = indices.Count;
        }

        return new SparseMatrix(1 << bits, starts, [.. indices], [.. values]);
    }

    /// <summary>Learns document frequencies from a corpus's term frequencies (<see cref="TermFrequencies"/>).</summary>
    public static HashedTfidfEncoder FromTermFrequencies(SparseMatrix termFrequencies, int bits = 18, int minDocumentFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(termFrequencies);
        var df = new int[1 << bits];
        foreach (var feature in termFrequencies.Indices)
        {
            df[feature]++;
        }

        return FromDocumentFrequencies(df, termFrequencies.Rows, bits, minDocumentFrequency);
    }

    /// <summary>
    /// Learns from document frequencies counted elsewhere (<paramref name="df"/>[j]: how many of the <paramref
    /// name="documents"/> have feature j), as <see cref="FromTermFrequencies"/> does from the rows themselves.
    /// </summary>
    public static HashedTfidfEncoder FromDocumentFrequencies(int[] df, int documents, int bits = 18, int minDocumentFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(df);
        if (df.Length != 1 << bits)
        {
            throw new ArgumentException($"{df.Length} document frequencies do not fit {bits} hash bits.", nameof(df));
        }

        var idf = new float[df.Length];
        for (var j = 0; j < df.Length; j++)
        {
            idf[j] = df[j] < minDocumentFrequency && documents >= MinCorpusForPruning ? 0f : (float)(Math.Log((1.0 + documents) / (1.0 + df[j])) + 1.0);
        }

        return new HashedTfidfEncoder(bits, idf);
    }

    public SparseMatrix Encode(IReadOnlyList<string> texts) => Weigh(TermFrequencies(texts, Bits));

    FeatureRows ITextEncoder.Encode(IReadOnlyList<string> texts) => Encode(texts);

    /// <summary>
    /// The second stage: term frequencies times IDF, pruned features dropped, rows L2-normalised; in the packed layout
    /// (<see cref="SparseMatrix.IsPacked"/>) up to 18 hash bits, so that training and every later read see the same values.
    /// </summary>
    public SparseMatrix Weigh(SparseMatrix termFrequencies)
    {
        ArgumentNullException.ThrowIfNull(termFrequencies);

        // The non-zeros that stay, counted first, so that the arrays are allocated once at their size (a million
        // documents' rows are hundreds of megabytes: no trimmed copy).
        var starts = new int[termFrequencies.Rows + 1];
        for (var i = 0; i < termFrequencies.Rows; i++)
        {
            starts[i + 1] = starts[i] + Kept(termFrequencies.RowIndices(i), termFrequencies.RowValues(i));
        }

        if (SparseMatrix.CanPack(Dimension))
        {
            var entries = new uint[starts[^1]];
            for (var i = 0; i < termFrequencies.Rows; i++)
            {
                WeighRow(termFrequencies.RowIndices(i), termFrequencies.RowValues(i), entries.AsSpan(starts[i], starts[i + 1] - starts[i]));
            }

            return SparseMatrix.FromPacked(Dimension, starts, entries);
        }

        var indices = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (var i = 0; i < termFrequencies.Rows; i++)
        {
            WeighRow(termFrequencies.RowIndices(i), termFrequencies.RowValues(i), indices.AsSpan(starts[i], starts[i + 1] - starts[i]), values.AsSpan(starts[i], starts[i + 1] - starts[i]));
        }

        return new SparseMatrix(Dimension, starts, indices, values);
    }

    /// <summary>How many of a term-frequency row's non-zeros its weighted row keeps (those whose IDF is not zero).</summary>
    public int Kept(ReadOnlySpan<int> indices, ReadOnlySpan<float> termFrequencies)
    {
        var kept = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            kept += termFrequencies[k] * idf[indices[k]] != 0 ? 1 : 0;
        }

        return kept;
    }

    /// <summary>
    /// A term-frequency row's weighted, unit-length row in the packed layout (<see cref="SparseMatrix.PackEntry"/>):
    /// <paramref name="destination"/> is <see cref="Kept"/> entries long.
    /// </summary>
    public void WeighRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> termFrequencies, Span<uint> destination)
    {
        var scale = Scale(indices, termFrequencies);
        var at = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            var value = termFrequencies[k] * idf[indices[k]];
            if (value != 0)
            {
                destination[at++] = SparseMatrix.PackEntry(indices[k], value * scale);
            }
        }
    }

    /// <summary>As the packed <see cref="WeighRow(ReadOnlySpan{int}, ReadOnlySpan{float}, Span{uint})"/>, in the plain layout.</summary>
    public void WeighRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> termFrequencies, Span<int> destinationIndices, Span<float> destinationValues)
    {
        var scale = Scale(indices, termFrequencies);
        var at = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            var value = termFrequencies[k] * idf[indices[k]];
            if (value != 0)
            {
                destinationIndices[at] = indices[k];
                destinationValues[at++] = value * scale;
            }
        }
    }

    /// <summary>One over the weighted row's length (1 for a row with nothing left).</summary>
    private float Scale(ReadOnlySpan<int> indices, ReadOnlySpan<float> termFrequencies)
    {
        var norm = 0.0;
        for (var k = 0; k < indices.Length; k++)
        {
            var value = termFrequencies[k] * idf[indices[k]];
            norm += (double)value * value;
        }

        return norm > 0 ? (float)(1.0 / Math.Sqrt(norm)) : 1f;
    }

    private static IEnumerable<int> Features(string text, int bits)
    {
        var tokens = WordTokenizer.Tokenize(text);
        var mask = (1 << bits) - 1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var unigram = Fnv(tokens[i], 0x811C9DC5u);
            yield return (int)(unigram & (uint)mask);
            if (i + 1 < tokens.Count)
            {
                yield return (int)(Fnv(tokens[i + 1], Fnv(" ", unigram)) & (uint)mask);
            }
        }
    }

    // FNV-1a: stable across runs and machines, unlike string.GetHashCode.
    private static uint Fnv(string text, uint hash)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
