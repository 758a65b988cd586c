namespace Tagloop.Learning.Spans;

/// <summary>Fits a character range (say, an annotator's selection) to the tokens of <see cref="SpanTokenizer"/>; O(log n) by binary search.</summary>
public static class SpanSnapping
{
    /// <summary>
    /// The range from the start of the first token that [<paramref name="start"/>, <paramref name="end"/>) touches to the end of
    /// the last: a token cut by the range is covered whole and whitespace at the ends is dropped; null when the range covers no
    /// token (it is empty, or holds only whitespace).
    /// </summary>
    public static (int Start, int End)? Snap(IReadOnlyList<Token> tokens, int start, int end)
    {
        var range = TokenRange(tokens, start, end);
        return range is var (first, last) ? (tokens[first].Start, tokens[last - 1].End) : null;
    }

    /// <summary>The token indices [First, End) of the tokens that overlap [<paramref name="start"/>, <paramref name="end"/>), or null when none does.</summary>
    public static (int First, int End)? TokenRange(IReadOnlyList<Token> tokens, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The range's end {end} is before its start {start}.");
        }

        if (start == end)
        {
            return null;
        }

        // Tokens are ordered and disjoint, so both their starts and their ends increase.
        var first = Count(tokens, start, byEnd: true); // tokens ending at or before start
        var stop = Count(tokens, end, byEnd: false); // tokens starting before end
        return first < stop ? (first, stop) : null;
    }

    /// <summary>The number of tokens whose end is ≤ <paramref name="offset"/> (byEnd) or whose start is &lt; it.</summary>
    private static int Count(IReadOnlyList<Token> tokens, int offset, bool byEnd)
    {
        int low = 0, high = tokens.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var inside = byEnd ? tokens[middle].End <= offset : tokens[middle].Start < offset;
            if (inside)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
