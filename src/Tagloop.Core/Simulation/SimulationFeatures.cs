using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Simulation;

/// <summary>Encodes the pool and the test set with the named encoder from <see cref="TextEncoderCatalog"/>, fitted on the pool.</summary>
public static class SimulationFeatures
{
    public static IReadOnlyList<string> Names => TextEncoderCatalog.Names;

    /// <summary>The pool's and the test set's features; a dense block is centred on the pool's mean, as a project's corpus is.</summary>
    public static (FeatureRows Pool, FeatureRows Test) Build(IReadOnlyList<string> pool, IReadOnlyList<string> test, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var encoder = TextEncoderCatalog.Fit(settings.Encoder, pool, new TextEncoderResources(settings.WordVectorsPath, settings.OnnxModelDirectory, settings.MiniLmCacheDirectory));
        try
        {
            var poolRows = encoder.Encode(pool);
            var testRows = encoder.Encode(test);
            if (poolRows.Dense is DenseMatrix poolDense && testRows.Dense is DenseMatrix testDense)
            {
                var center = poolDense.Mean();
                return (new FeatureRows(poolRows.Sparse, poolDense.WithCenter(center)), new FeatureRows(testRows.Sparse, testDense.WithCenter(center)));
            }

            return (poolRows, testRows);
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
    }
}
