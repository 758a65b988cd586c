namespace Tagloop.Learning.Acquisition;

/// <summary>Finds acquisition strategies by the names project settings and the simulate command use.</summary>
public static class AcquisitionCatalog
{
    /// <summary>The strategy new projects use: the winner of docs/benchmarks/label-efficiency.md.</summary>
    public const string Default = "margin";

    public static IReadOnlyList<string> Names { get; } = ["random", "least-confidence", "margin", "entropy", "bald", "k-center", "density"];

    public static IAcquisitionStrategy? Find(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "random" => new RandomStrategy(),
        "least-confidence" => new UncertaintyStrategy(UncertaintyMeasure.LeastConfidence),
        "margin" => new UncertaintyStrategy(UncertaintyMeasure.Margin),
        "entropy" => new UncertaintyStrategy(UncertaintyMeasure.Entropy),
        "bald" => new BaldStrategy(),
        "k-center" => new KCenterStrategy(),
        "density" => new DensityStrategy(),
        _ => null,
    };
}
