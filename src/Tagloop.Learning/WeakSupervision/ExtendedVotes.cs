namespace Tagloop.Learning.WeakSupervision;

/// <summary>A label matrix whose rules were extended through the embedding space, with each rule's radius and the votes it gained.</summary>
public sealed class ExtendedVotes
{
    internal ExtendedVotes(LabelMatrix matrix, double[] radii, RadiusSource[] sources, int[] added)
    {
        Matrix = matrix;
        Radii = radii;
        Sources = sources;
        Added = added;
    }

    /// <summary>The extended matrix: each rule's own votes plus those it gained.</summary>
    public LabelMatrix Matrix { get; }

    /// <summary>Each rule's radius (the least cosine to its nearest voted document), NaN for a rule not extended.</summary>
    public IReadOnlyList<double> Radii { get; }

    public IReadOnlyList<RadiusSource> Sources { get; }

    /// <summary>How many votes each rule gained.</summary>
    public IReadOnlyList<int> Added { get; }
}
