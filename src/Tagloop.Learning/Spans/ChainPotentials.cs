namespace Tagloop.Learning.Spans;

/// <summary>
/// The label-to-label part of a linear chain: transition, start and end weights, both as logs (−∞ where IOB2 forbids
/// the move) and exponentiated (0 there) for scaled forward–backward.
/// </summary>
internal sealed class ChainPotentials
{
    public ChainPotentials(IReadOnlyList<string> labels, ReadOnlySpan<double> transitions, ReadOnlySpan<double> start, ReadOnlySpan<double> end)
    {
        L = labels.Count;
        LogTransitions = new double[L * L];
        LogStart = new double[L];
        LogEnd = new double[L];
        ExpTransitions = new double[L * L];
        ExpStart = new double[L];
        ExpEnd = new double[L];
        for (var k = 0; k < L; k++)
        {
            LogStart[k] = IobTags.LegalStart(labels[k]) ? start[k] : double.NegativeInfinity;
            LogEnd[k] = end[k];
            for (var l = 0; l < L; l++)
            {
                LogTransitions[(k * L) + l] = IobTags.Legal(labels[k], labels[l]) ? transitions[(k * L) + l] : double.NegativeInfinity;
            }
        }

        for (var i = 0; i < L * L; i++)
        {
            ExpTransitions[i] = Math.Exp(LogTransitions[i]);
        }

        for (var k = 0; k < L; k++)
        {
            ExpStart[k] = Math.Exp(LogStart[k]);
            ExpEnd[k] = Math.Exp(LogEnd[k]);
        }
    }

    public int L { get; }

    public double[] LogTransitions { get; }

    public double[] LogStart { get; }

    public double[] LogEnd { get; }

    public double[] ExpTransitions { get; }

    public double[] ExpStart { get; }

    public double[] ExpEnd { get; }
}
