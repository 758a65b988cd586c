namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Combines rules' votes into a probability per class for each document a rule votes on. A document no rule votes on
/// is not covered: its row is left as the class balance and <see cref="FittedLabelModel.Covered"/> says so.
/// </summary>
public interface IWeakLabelModel
{
    /// <summary>The name used in the CLI, the API and the JSON outputs: majority, dawid-skene, triplet.</summary>
    string Name { get; }

    /// <summary>Fits on the votes alone (no gold labels), optionally with a known class balance.</summary>
    FittedLabelModel Fit(LabelMatrix votes, ReadOnlySpan<double> classBalance = default);
}
