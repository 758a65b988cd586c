namespace Tagloop.Learning.WeakSupervision;

/// <summary>How <see cref="EmbeddingExtension"/> chooses each rule's radius.</summary>
public sealed record EmbeddingExtensionOptions
{
    /// <summary>Documents (matrix rows) whose class is known, to choose the radii on; with <see cref="GoldClasses"/>.</summary>
    public IReadOnlyList<int>? GoldDocuments { get; init; }

    /// <summary>The class of each of <see cref="GoldDocuments"/>.</summary>
    public IReadOnlyList<int>? GoldClasses { get; init; }

    /// <summary>One cosine radius for every rule, instead of choosing one per rule.</summary>
    public double? Radius { get; init; }

    /// <summary>Without gold documents (or for a rule that votes on none): the quantile of the voted documents' nearest-fellow similarities taken as the radius.</summary>
    public double Quantile { get; init; } = 0.5;

    /// <summary>With gold documents: how much less accurate than the rule itself its extended votes may be.</summary>
    public double Tolerance { get; init; } = 0.05;

    /// <summary>How many of a rule's voted documents (drawn with <see cref="Seed"/>) the quantile is taken over.</summary>
    public int SampleSize { get; init; } = 1000;

    public int Seed { get; init; }

    /// <summary>Threads; -1 for every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
