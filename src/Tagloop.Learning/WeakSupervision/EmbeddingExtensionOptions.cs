namespace Tagloop.Learning.WeakSupervision;

/// <summary>How <see cref="EmbeddingExtension"/> chooses each rule's radius.</summary>
public sealed record EmbeddingExtensionOptions
{
    /// <summary>Documents (matrix rows) whose class is known, to narrow (never widen) the radius of each rule that votes on one; with <see cref="GoldClasses"/>.</summary>
    public IReadOnlyList<int>? GoldDocuments { get; init; }

    /// <summary>The class of each of <see cref="GoldDocuments"/>.</summary>
    public IReadOnlyList<int>? GoldClasses { get; init; }

    /// <summary>One cosine radius for every rule, instead of the corpus's (and gold documents are then not used).</summary>
    public double? Radius { get; init; }

    /// <summary>The quantile of documents' nearest-neighbour similarities taken as the corpus's radius.</summary>
    public double Quantile { get; init; } = 0.75;

    /// <summary>With gold documents: how much less accurate than the rule itself its extended votes may be.</summary>
    public double Tolerance { get; init; } = 0.05;

    /// <summary>How many documents (drawn with <see cref="Seed"/>) the quantile is taken over; their nearest neighbours are looked for among at most 100,000 documents.</summary>
    public int SampleSize { get; init; } = 1000;

    public int Seed { get; init; }

    /// <summary>Threads; -1 for every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
