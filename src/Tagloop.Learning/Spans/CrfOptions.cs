namespace Tagloop.Learning.Spans;

/// <summary>Settings of <see cref="CrfTrainer"/>.</summary>
/// <param name="Variance">σ² of the Gaussian prior on every weight: the loss is Σ weight·(−log-likelihood) + ‖w‖²/(2σ²).</param>
/// <param name="MaxIterations">L-BFGS iteration cap.</param>
/// <param name="Memory">L-BFGS memory (correction pairs kept).</param>
/// <param name="GradientTolerance">L-BFGS stops when ‖g‖ ≤ this × max(1, ‖w‖).</param>
/// <param name="Features">The token features (defaults: <see cref="TokenFeatureOptions"/>()).</param>
/// <param name="EntityTypes">Entity types to include even if no example mentions them.</param>
public sealed record CrfOptions(
    double Variance = 10.0,
    int MaxIterations = 100,
    int Memory = 10,
    double GradientTolerance = 1e-5,
    TokenFeatureOptions? Features = null,
    IReadOnlyList<string>? EntityTypes = null)
{
    /// <summary>L-BFGS iteration cap of a quick <see cref="CrfTrainer.Update"/> (0: the previous weights, new features at 0).</summary>
    public int UpdateIterations { get; init; } = 20;

    /// <summary>The most labelled sentences a quick <see cref="CrfTrainer.Update"/> reads: it refits the new examples' rarest features, as many as appear in no more sentences than this.</summary>
    public int UpdateSentences { get; init; } = 150;

    internal void Validate()
    {
        if (UpdateIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(UpdateIterations), UpdateIterations, "UpdateIterations must not be negative.");
        }

        if (UpdateSentences < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(UpdateSentences), UpdateSentences, "UpdateSentences must be at least 1.");
        }

        if (!(Variance > 0) || double.IsInfinity(Variance))
        {
            throw new ArgumentOutOfRangeException(nameof(Variance), Variance, "Variance must be positive and finite.");
        }

        if (MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must not be negative.");
        }

        if (Memory < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Memory), Memory, "Memory must be at least 1.");
        }

        if (!(GradientTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "GradientTolerance must not be negative.");
        }
    }
}
