namespace Tagloop.Core.Simulation;

/// <summary>What classification and span simulations share: repeats averaged into a curve, and percentiles of update times.</summary>
internal static class SimulationCurves
{
    /// <summary>
    /// A point for every label count that every repeat reached (one may start training a batch later): mean scores and the
    /// accuracy's spread over repeats; entity F1 averaged where the scores carry it (span tagging), and the mean tokens
    /// labelled when <paramref name="tokens"/> (each run's tokens at each of its points) is given.
    /// </summary>
    public static List<CurvePoint> Mean(List<List<(int Labels, Score Score)>> runs, List<List<int>>? tokens = null)
    {
        var counts = runs.Select(r => r.Select(p => p.Labels).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        return [.. counts.Order().Select(labels =>
        {
            var scores = runs.Select(r => r.First(p => p.Labels == labels).Score).ToList();
            var mean = scores.Average(s => s.Accuracy);
            var sd = Math.Sqrt(scores.Sum(s => (s.Accuracy - mean) * (s.Accuracy - mean)) / Math.Max(1, scores.Count - 1));
            return new CurvePoint(labels, mean, scores.Average(s => s.MacroF1), scores.Count > 1 ? sd : 0, scores.Average(s => s.Ece), scores.Average(s => s.Confidence))
            {
                EntityF1 = scores.All(s => s.EntityF1 is not null) ? scores.Average(s => s.EntityF1!.Value) : null,
                Tokens = tokens is null ? null : runs.Select((r, i) => (double)tokens[i][r.FindIndex(p => p.Labels == labels)]).Average(),
            };
        })];
    }

    /// <summary>The q-quantile of <paramref name="sorted"/> (nearest rank); 0 when empty.</summary>
    public static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
