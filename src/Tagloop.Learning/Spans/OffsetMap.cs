namespace Tagloop.Learning.Spans;

/// <summary>
/// Converts many offsets over one text between UTF-16 code units and code points, as <see cref="TextOffsets"/> does:
/// built once in one pass, then O(log p) per lookup for p surrogate pairs (O(1) when the text has none).
/// </summary>
public sealed class OffsetMap
{
    private readonly string text;

    // The UTF-16 index of each valid surrogate pair, in order.
    private readonly int[] pairs;

    /// <summary>Scans <paramref name="text"/> for its surrogate pairs.</summary>
    public OffsetMap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
        var found = new List<int>();
        var span = text.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDBFF');
        while (i >= 0)
        {
            if (TextOffsets.IsPairAt(text, i))
            {
                found.Add(i);
                i++;
            }

            var next = span[(i + 1)..].IndexOfAnyInRange('\uD800', '\uDBFF');
            i = next < 0 ? -1 : i + 1 + next;
        }

        pairs = [.. found];
    }

    /// <summary>The text's length in UTF-16 code units.</summary>
    public int Utf16Length => text.Length;

    /// <summary>The text's length in code points.</summary>
    public int CodePointLength => text.Length - pairs.Length;

    /// <summary>The code-point offset of <paramref name="utf16Offset"/> (0 ≤ offset ≤ length, not inside a surrogate pair).</summary>
    public int ToCodePoints(int utf16Offset)
    {
        TextOffsets.CheckUtf16(text, utf16Offset, nameof(utf16Offset));
        if (pairs.Length == 0)
        {
            return utf16Offset;
        }

        // Pairs starting before offset − 1 lie wholly before it (an offset inside a pair was rejected above).
        var before = LowerBound(pairs, utf16Offset - 1, 0);
        return utf16Offset - before;
    }

    /// <summary>The UTF-16 offset of <paramref name="codePointOffset"/> (0 ≤ offset ≤ <see cref="CodePointLength"/>).</summary>
    public int ToUtf16(int codePointOffset)
    {
        if (codePointOffset < 0 || codePointOffset > CodePointLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(codePointOffset),
                codePointOffset,
                $"Code-point offset {codePointOffset} is outside a text of {CodePointLength} code points ({text.Length} UTF-16 code units).");
        }

        // Pair k starts at code point pairs[k] − k; those starting before the offset each add one code unit.
        return codePointOffset + LowerBound(pairs, codePointOffset, 1);
    }

    /// <summary>The number of k with <c>sorted[k] − k·shift &lt; value</c> (increasing in k).</summary>
    private static int LowerBound(int[] sorted, int value, int shift)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] - (middle * shift) < value)
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
