using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Simulation;

/// <summary>Encodes the pool and the test set with the named encoder from <see cref="TextEncoderCatalog"/>, fitted on the pool.</summary>
public static class SimulationFeatures
{
    public static IReadOnlyList<string> Names => TextEncoderCatalog.Names;

    public static (SparseMatrix Pool, SparseMatrix Test) Build(IReadOnlyList<string> pool, IReadOnlyList<string> test, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var encoder = TextEncoderCatalog.Fit(settings.Encoder, pool, new TextEncoderResources(settings.WordVectorsPath, settings.OnnxModelDirectory, settings.MiniLmCacheDirectory));
        try
        {
            return (encoder.Encode(pool), encoder.Encode(test));
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
    }
}
