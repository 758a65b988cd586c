namespace Tagloop.Learning.Classification;

/// <summary>
/// How a fit went, for the record of a training run: whether the optimiser converged, how the evidence search for
/// the prior precisions ended, and whether anything had to be clamped. A fit that did not converge still yields a
/// usable model; these say so instead of staying silent.
/// </summary>
public sealed record FitReport(bool Converged, int Iterations, int EvidenceRounds, bool EvidenceConverged, bool PrecisionClamped, int ClampedPivots)
{
    public static FitReport None { get; } = new(true, 0, 0, true, false, 0);

    /// <summary>True when nothing needs telling.</summary>
    public bool Healthy => Converged && EvidenceConverged && !PrecisionClamped && ClampedPivots == 0;

    /// <summary>A plain description of what went wrong, or null when the fit is healthy.</summary>
    public string? Problem()
    {
        var notes = new List<string>();
        if (!Converged)
        {
            notes.Add($"the optimiser stopped after {Iterations} iterations without converging");
        }

        if (!EvidenceConverged)
        {
            notes.Add($"the prior precision was still moving after {EvidenceRounds} evidence rounds");
        }

        if (PrecisionClamped)
        {
            notes.Add("the evidence asked for a prior precision outside its bounds, which was clamped");
        }

        if (ClampedPivots > 0)
        {
            notes.Add($"{ClampedPivots} Cholesky pivots were clamped");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    /// <summary>The worse of two reports (for models fitted in parts, such as one per label).</summary>
    public FitReport Worst(FitReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new FitReport(
            Converged && other.Converged,
            Math.Max(Iterations, other.Iterations),
            Math.Max(EvidenceRounds, other.EvidenceRounds),
            EvidenceConverged && other.EvidenceConverged,
            PrecisionClamped || other.PrecisionClamped,
            ClampedPivots + other.ClampedPivots);
    }
}
