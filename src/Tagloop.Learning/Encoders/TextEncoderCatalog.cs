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
    /// <summary>The default of <c>tagloop simulate</c> and of new projects: the best measured combination (docs/benchmarks/features.md).</summary>
    public const string Default = "minilm+tfidf";

    /// <summary>The encoders a project can use: none needs a file the user must bring or a fit on the corpus that would change every vector as documents arrive.</summary>
    public static IReadOnlyList<string> ProjectNames { get; } = ["minilm+tfidf", "minilm", "tfidf"];

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

    /// <summary>The dense part of a canonical name (<c>minilm</c>, <c>glove-sif</c>, <c>onnx</c>) or null, and whether it has a TF-IDF block.</summary>
    public static (string? Dense, bool Sparse) Parts(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var parts = canonical.Split('+');
        return (parts[0] == HashedTfidfEncoder.EncoderName ? null : parts[0], parts.Contains(HashedTfidfEncoder.EncoderName));
    }

    /// <summary>Fits the named encoder on <paramref name="corpus"/>; a clear error when the name or a needed file is wrong.</summary>
    public static ITextEncoder Fit(string name, IReadOnlyList<string> corpus, TextEncoderResources resources)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(resources);
        var canonical = Normalise(name) ?? throw new ArgumentException($"Unknown encoder '{name}'; use {string.Join(", ", Names)}.", nameof(name));
        var (denseName, hasSparse) = Parts(canonical);
        var dense = denseName is null ? null : OpenDense(denseName, resources, corpus);
        var sparse = hasSparse ? HashedTfidfEncoder.Fit(corpus) : null;
        return new JoinedTextEncoder(canonical, sparse, dense, ownsDense: true);
    }

    /// <summary>
    /// The dense encoder named (<c>minilm</c>, <c>onnx</c>, or <c>glove-sif</c>, which is fitted on
    /// <paramref name="corpus"/>); the caller disposes it. A clear error when a needed file is missing.
    /// </summary>
    public static IDenseTextEncoder OpenDense(string name, TextEncoderResources resources, IReadOnlyList<string>? corpus = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return name switch
        {
            "glove-sif" => GloveSif(corpus ?? throw new ArgumentException("The glove-sif encoder is fitted on a corpus.", nameof(corpus)), resources),
            "minilm" => MiniLm(resources),
            "onnx" => Onnx(resources),
            _ => throw new ArgumentException($"Unknown dense encoder '{name}'; use glove-sif, minilm or onnx.", nameof(name)),
        };
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

        return new DenseOnnxEncoder("onnx", new OnnxSentenceEncoder(resources.OnnxModelDirectory));
    }

    private static LazyOnnxEncoder MiniLm(TextEncoderResources resources)
    {
        if (resources.MiniLmCacheDirectory is null)
        {
            throw new ArgumentException($"The minilm encoder needs a folder to extract {MiniLmModel.Name} into (a data folder's models/minilm).");
        }

        // Batches of 8: on two CPU cores they cost about 8% less CPU per text than 32, on questions and on mails cut at
        // 128 tokens alike, with identical vectors (docs/benchmarks/minilm.md). The files are extracted and checked now;
        // the runtime's session (about 200 MB of native memory) is made when the first text is encoded, so a server
        // whose documents all have their vectors never holds it.
        var folder = MiniLmModel.Extract(resources.MiniLmCacheDirectory);
        return new LazyOnnxEncoder("minilm", MiniLmModel.Dimension, () => new OnnxSentenceEncoder(folder, new OnnxSentenceEncoderOptions { BatchSize = 8 }));
    }

    /// <summary>
    /// An ONNX sentence encoder of a known dimension whose session is made on first use (and checked against it); a
    /// failed attempt is not remembered, the next text tries again.
    /// </summary>
    private sealed class LazyOnnxEncoder(string name, int dimension, Func<OnnxSentenceEncoder> open) : IDenseTextEncoder
    {
        private readonly Lock gate = new();
        private OnnxSentenceEncoder? onnx;
        private bool disposed;

        public string Name => name;

        public int Dimension => dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output) => Session().Encode(texts, output);

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                onnx?.Dispose();
                onnx = null;
            }
        }

        private OnnxSentenceEncoder Session()
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (onnx is null)
                {
                    var encoder = open();
                    if (encoder.Dimension != dimension)
                    {
                        encoder.Dispose();
                        throw new InvalidDataException($"The {name} model gives {encoder.Dimension} dimensions, not {dimension}.");
                    }

                    onnx = encoder;
                }

                return onnx;
            }
        }
    }

    private sealed class DenseSifEncoder(WordVectors vectors, SifEncoder sif) : IDenseTextEncoder
    {
        public string Name => "glove-sif";

        public int Dimension => sif.Dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output) => sif.Encode(texts, output);

        public void Dispose() => vectors.Dispose();
    }

    private sealed class DenseOnnxEncoder(string name, OnnxSentenceEncoder onnx) : IDenseTextEncoder
    {
        public string Name => name;

        public int Dimension => onnx.Dimension;

        public void Encode(IReadOnlyList<string> texts, Span<float> output) => onnx.Encode(texts, output);

        public void Dispose() => onnx.Dispose();
    }
}
