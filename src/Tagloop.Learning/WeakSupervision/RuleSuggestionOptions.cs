namespace Tagloop.Learning.WeakSupervision;

/// <summary>How <see cref="RuleSuggestions"/> reads and ranks candidate keywords.</summary>
public sealed record RuleSuggestionOptions
{
    /// <summary>The fewest labelled documents a word or pair must occur in.</summary>
    public int MinSupport { get; init; } = 3;

    /// <summary>Standard errors below the precision at which its interval's lower end is taken (1.645: one-sided 95%).</summary>
    public double Z { get; init; } = 1.645;

    /// <summary>Whether pairs of words are suggested as well as single words.</summary>
    public bool Pairs { get; init; } = true;

    /// <summary>Words never suggested on their own (nor pairs of two of them); lower case. English function words by default.</summary>
    public IReadOnlySet<string>? StopWords { get; init; }

    /// <summary>Threads over the corpus when counting coverage; -1 for every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
