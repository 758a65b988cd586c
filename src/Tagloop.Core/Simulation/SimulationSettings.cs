using Tagloop.Learning.Loop;

namespace Tagloop.Core.Simulation;

/// <summary>How a simulated labelling session runs.</summary>
public sealed record SimulationSettings(
    IReadOnlyList<string> Strategies,
    int SeedLabels = 10,
    int Batch = 10,
    int Budget = 500,
    int Repeats = 3,
    string Encoder = "tfidf",
    string? WordVectorsPath = null,
    bool ColdStart = true,
    string? OnnxModelDirectory = null,
    bool Calibrate = true,
    string? MiniLmCacheDirectory = null)
{
    /// <summary>Labels from rules over the training rows that every refit trains on beside the simulated answers, and that steer the queue (<see cref="LabellingLoop.Refit"/>); null for answers alone.</summary>
    public WeakLabels? Weak { get; init; }
}
