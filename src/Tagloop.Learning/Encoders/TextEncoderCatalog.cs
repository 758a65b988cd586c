using Tagloop.Pretrained;

namespace Tagloop.Learning.Encoders;

/// <summary>
/// Builds encoders by name, fitted on a corpus where they learn from it (TF-IDF's document frequencies, SIF's word
/// frequencies and principal component): <c>tfidf</c>, <c>glove-sif</c>, <c>minilm</c> (all-MiniLM-L6-v2, which comes
/// with the build), <c>onnx</c> (a user's model), or a sparse and a dense one joined with <c>+</c>
/// (<c>glove-sif+tfidf</c>, <c>minilm+tfidf</c>, <c>onnx+tfidf</c>).
/// </summary>
public static class TextEncoderCatalog
{
    public const string Default = HashedTfidfEncoder.EncoderName;

    public static IReadOnlyList<string> Names { get; } = ["tfidf", "glove-sif", "glove-sif+tfidf", "minilm", "minilm+tfidf", "onnx", "onnx+tfidf"];

    /// <summary>The canonical form of a name, or null when it is not one of <see cref="Names"/>.</summary>
    public static string? Normalise(string? name)
    {
        var trimmed = name?.Trim().ToLowerInvariant();
        return trimmed switch
        {
            "tfidf+glove-sif" => "glove-sif+tfidf",
            "tfidf+minilm" => "minilm+tfidf",
            "tfidf+onnx" => "onnx+tfidf",
            _ when trimmed is not null && Names.Contains(trimmed) => trimmed,
            _ => null,
        };
    }

    /// <summary>Fits the named encoder on <paramref name="corpus"/>; a clear error when the name or a needed file is wrong.</summary>
    public static ITextEncoder Fit(string name, IReadOnlyList<string> corpus, TextEncoderResources resources)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(resources);
        var canonical = Normalise(name) ?? throw new ArgumentException($"Unknown encoder '{name}'; use {string.Join(", ", Names)}.", nameof(name));
        var parts = canonical.Split('+');
        IDenseTextEncoder? dense = parts[0] switch
        {
            "glove-sif" => GloveSif(corpus, resources),
            "minilm" => MiniLm(resources),
            "onnx" => Onnx(resources),
            _ => null,
        };
        var sparse = parts.Contains("tfidf") ? HashedTfidfEncoder.Fit(corpus) : null;
        return new JoinedEncoder(canonical, sparse, dense);
    }

    private static DenseSifEncoder GloveSif(IReadOnlyList<string> corpus, TextEncoderResources resources)
    {
        if (resources.WordVectorsPath is null || !File.Exists(resources.WordVectorsPath))
        {
            throw new ArgumentException($"The glove-sif encoder needs the GloVe vectors (not found at '{resources.WordVectorsPath}'); run './tagloop models pull glove-100d' first.");
        }

        var vectors = WordVectors.Open(resources.WordVectorsPath);
        return new DenseSifEncoder(vectors, SifEncoder.Fit(vectors, corpus));
    }

    private static DenseOnnxEncoder Onnx(TextEncoderResources resources)
    {
        if (resources.OnnxModelDirectory is null)
        {
            throw new ArgumentException("The onnx encoder needs a model folder holding model.onnx and vocab.txt (a sentence-transformers model exported to ONNX).");
        }

        return new DenseOnnxEncoder(new OnnxSentenceEncoder(resources.OnnxModelDirectory));
    }

    private static DenseOnnxEncoder MiniLm(TextEncoderResources resources)
    {
        if (resources.MiniLmCacheDirectory is null)
        {
            throw new ArgumentException($"The minilm encoder needs a folder to extract {MiniLmModel.Name} into (a data folder's models/minilm).");
        }

        // Batches of 8: on two CPU cores they cost about 8% less CPU per text than 32, on questions and on mails cut at
        // 128 tokens alike, with identical vectors (docs/benchmarks/minilm.md).
        return new DenseOnnxEncoder(new OnnxSentenceEncoder(MiniLmModel.Extract(resources.MiniLmCacheDirectory), new OnnxSentenceEncoderOptions { BatchSize = 8 }));
    }

    private interface IDenseTextEncoder : IDisposable
    {
        int Dimension { get; }

        void Encode(IReadOnlyList<string> texts, Span<float> output);
    }

    private sealed class DenseSifEncoder(WordVectors vectors, SifEncoder sif) : IDenseTextEncoder
    {
        public int Dimension => sif.Dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output) => sif.Encode(texts, output);

        public void Dispose() => vectors.Dispose();
    }

    private sealed class DenseOnnxEncoder(OnnxSentenceEncoder onnx) : IDenseTextEncoder
    {
        public int Dimension => onnx.Dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output) => onnx.Encode(texts, output);

        public void Dispose() => onnx.Dispose();
    }

    /// <summary>A sparse block, a dense block, or both; either may be absent.</summary>
    private sealed class JoinedEncoder(string name, HashedTfidfEncoder? sparse, IDenseTextEncoder? dense) : ITextEncoder, IDisposable
    {
        public string Name => name;

        public int Columns => (sparse?.Dimension ?? 0) + (dense?.Dimension ?? 0);

        public FeatureRows Encode(IReadOnlyList<string> texts)
        {
            ArgumentNullException.ThrowIfNull(texts);
            var sparseRows = sparse?.Encode(texts);
            if (dense is null)
            {
                return sparseRows!;
            }

            var rows = new float[texts.Count * dense.Dimension];
            dense.Encode(texts, rows);
            return new FeatureRows(sparseRows, new DenseMatrix(dense.Dimension, rows));
        }

        public void Dispose() => dense?.Dispose();
    }
}
