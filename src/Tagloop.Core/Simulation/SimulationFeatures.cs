using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Simulation;

/// <summary>Encodes the pool and the test set with the named encoder: <c>tfidf</c>, <c>glove-sif</c> or both (<c>glove-sif+tfidf</c>).</summary>
public static class SimulationFeatures
{
    public static IReadOnlyList<string> Names { get; } = ["tfidf", "glove-sif", "glove-sif+tfidf"];

    public static (SparseMatrix Pool, SparseMatrix Test) Build(IReadOnlyList<string> pool, IReadOnlyList<string> test, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.Encoder.Trim().ToLowerInvariant();
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"Unknown encoder '{settings.Encoder}'; use {string.Join(", ", Names)}.", nameof(settings));
        }

        SparseMatrix? poolSparse = null, testSparse = null;
        if (name.Contains("tfidf", StringComparison.Ordinal))
        {
            var tfidf = HashedTfidfEncoder.Fit(pool);
            poolSparse = tfidf.Encode(pool);
            testSparse = tfidf.Encode(test);
        }

        float[]? poolDense = null, testDense = null;
        var dimension = 0;
        if (name.Contains("glove", StringComparison.Ordinal))
        {
            if (settings.WordVectorsPath is null || !File.Exists(settings.WordVectorsPath))
            {
                throw new ArgumentException($"Encoder '{name}' needs the GloVe vectors; run './tagloop models pull glove-100d' first.", nameof(settings));
            }

            using var vectors = WordVectors.Open(settings.WordVectorsPath);
            var sif = SifEncoder.Fit(vectors, pool);
            dimension = sif.Dimension;
            poolDense = new float[pool.Count * dimension];
            testDense = new float[test.Count * dimension];
            sif.Encode(pool, poolDense);
            sif.Encode(test, testDense);
        }

        return (FeatureConcatenation.Join(poolSparse, poolDense, dimension, pool.Count), FeatureConcatenation.Join(testSparse, testDense, dimension, test.Count));
    }
}
