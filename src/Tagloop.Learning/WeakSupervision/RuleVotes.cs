namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// One rule's column of the label matrix: the documents it votes on (ascending, no repeats) and the class of each vote.
/// Every other document is an abstention. Rules written in Tagloop vote one class; imported rule outputs (WRENCH)
/// may vote a different class per document.
/// </summary>
public sealed class RuleVotes
{
    private readonly int[] documents;
    private readonly int[]? classes;

    /// <summary>A rule that votes <paramref name="label"/> on each of <paramref name="documents"/> (ascending, no repeats).</summary>
    public RuleVotes(int[] documents, int label)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        CheckAscending(documents);
        this.documents = documents;
        Label = label;
    }

    /// <summary>A rule whose vote on <c>documents[i]</c> is <c>classes[i]</c>.</summary>
    public RuleVotes(int[] documents, int[] classes)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(classes);
        if (documents.Length != classes.Length)
        {
            throw new ArgumentException($"{documents.Length} documents but {classes.Length} classes.", nameof(classes));
        }

        CheckAscending(documents);
        foreach (var c in classes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(classes));
        }

        this.documents = documents;
        this.classes = classes;
        Label = classes.Length > 0 && Array.TrueForAll(classes, c => c == classes[0]) ? classes[0] : -1;
    }

    /// <summary>The class every vote goes to, or -1 when the votes differ (or there are none and no label was given).</summary>
    public int Label { get; }

    /// <summary>How many documents the rule votes on.</summary>
    public int Count => documents.Length;

    /// <summary>The documents voted on, ascending.</summary>
    public ReadOnlySpan<int> Documents => documents;

    /// <summary>The class of the <paramref name="i"/>-th vote (the vote on <c>Documents[i]</c>).</summary>
    public int ClassAt(int i) => classes is null ? Label : classes[i];

    /// <summary>The class voted on <paramref name="document"/>, or -1 when the rule abstains there.</summary>
    public int VoteOn(int document)
    {
        var i = Array.BinarySearch(documents, document);
        return i < 0 ? -1 : ClassAt(i);
    }

    /// <summary>The largest class index voted, or -1 with no votes.</summary>
    public int MaxClass => classes is null ? (documents.Length > 0 ? Label : -1) : (classes.Length > 0 ? classes.Max() : -1);

    private static void CheckAscending(int[] documents)
    {
        for (var i = 0; i < documents.Length; i++)
        {
            if (documents[i] < 0 || (i > 0 && documents[i] <= documents[i - 1]))
            {
                throw new ArgumentException($"Document indices must be non-negative, ascending and distinct (position {i}: {documents[i]}).", nameof(documents));
            }
        }
    }
}
