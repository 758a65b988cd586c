namespace Tagloop.Bench;

/// <summary>What one import benchmark measured: seconds per run (sorted) and the largest managed heap seen.</summary>
internal sealed record ImportFigures(int Lines, long FileBytes, IReadOnlyList<double> Seconds, long PeakHeapBytes)
{
    public double MedianSeconds => Seconds.Count % 2 == 1 ? Seconds[Seconds.Count / 2] : (Seconds[(Seconds.Count / 2) - 1] + Seconds[Seconds.Count / 2]) / 2;

    public double DocumentsPerSecond => Lines / MedianSeconds;
}
