namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// A rule set applied to a corpus: the label matrix (a column per rule, in the rule set's order) and the rules that
/// failed, whose columns are empty (they abstain everywhere).
/// </summary>
public sealed class RuleApplication
{
    internal RuleApplication(LabelMatrix matrix, IReadOnlyList<RuleFailure> failures)
    {
        Matrix = matrix;
        Failures = failures;
    }

    public LabelMatrix Matrix { get; }

    /// <summary>The failed rules, by rule index.</summary>
    public IReadOnlyList<RuleFailure> Failures { get; }

    /// <summary>Rule <paramref name="rule"/>'s failure, or null when it ran.</summary>
    public RuleFailure? FailureOf(int rule)
    {
        foreach (var f in Failures)
        {
            if (f.Rule == rule)
            {
                return f;
            }
        }

        return null;
    }
}
