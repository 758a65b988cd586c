namespace Tagloop.Core.Common;

/// <summary>Either a value or the problems that prevented it.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<Problem> problems)
    {
        Value = value;
        Problems = problems;
    }

    public T? Value { get; }

    public IReadOnlyList<Problem> Problems { get; }

    public bool Succeeded => Problems.Count == 0;

    public static Outcome<T> Success(T value) => new(value, []);

    public static Outcome<T> Failure(IReadOnlyList<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one problem.", nameof(problems));
        }

        return new(default, problems);
    }

    public static Outcome<T> Failure(Problem problem) => Failure([problem]);

#pragma warning disable CA2225 // Named alternates exist: Success and Failure.
    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Problem problem) => Failure(problem);
#pragma warning restore CA2225
}
