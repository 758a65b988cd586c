namespace Tagloop.Learning.WeakSupervision;

/// <summary>How a <see cref="RuleSet"/> runs: regular-expression limits and parallelism.</summary>
public sealed record RuleSetOptions
{
    /// <summary>The longest a regular expression may run on one document before the rule fails naming it.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest one regular-expression rule may run in total over the documents of one application.</summary>
    public TimeSpan RegexBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Threads over documents; -1 for every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The clock the budget is kept with.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (RegexTimeout <= TimeSpan.Zero || RegexTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(RegexTimeout), RegexTimeout, "The regex timeout must be positive and at most 10 minutes.");
        }

        if (RegexBudget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RegexBudget), RegexBudget, "The regex budget must be positive.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use a positive number of threads, or -1 for every core.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
