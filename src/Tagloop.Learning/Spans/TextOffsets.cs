namespace Tagloop.Learning.Spans;

/// <summary>
/// Converts offsets between UTF-16 code units (C# string indices, what Tagloop stores) and Unicode code points (what spaCy,
/// doccano and Label Studio count). A lone surrogate counts as one code point; an offset between the two halves of a
/// surrogate pair is rejected. For many conversions over one text, build an <see cref="OffsetMap"/>.
/// </summary>
public static class TextOffsets
{
    /// <summary>The number of code points in <paramref name="text"/>.</summary>
    public static int CodePointLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length - CountPairs(text.AsSpan());
    }

    /// <summary>The code-point offset of the UTF-16 offset <paramref name="utf16Offset"/> (0 ≤ offset ≤ length, not inside a surrogate pair).</summary>
    public static int ToCodePoints(string text, int utf16Offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckUtf16(text, utf16Offset, nameof(utf16Offset));
        return utf16Offset - CountPairs(text.AsSpan(0, utf16Offset));
    }

    /// <summary>The UTF-16 offset of the code-point offset <paramref name="codePointOffset"/> (0 ≤ offset ≤ the text's code-point length).</summary>
    public static int ToUtf16(string text, int codePointOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (codePointOffset >= 0)
        {
            var position = 0;
            var remaining = codePointOffset;
            while (true)
            {
                var surrogate = text.AsSpan(position).IndexOfAnyInRange('\uD800', '\uDFFF');
                var plain = surrogate < 0 ? text.Length - position : surrogate;
                if (remaining <= plain)
                {
                    return position + remaining;
                }

                if (surrogate < 0)
                {
                    break;
                }

                position += plain;
                remaining -= plain + 1;
                position += IsPairAt(text, position) ? 2 : 1;
            }
        }

        throw new ArgumentOutOfRangeException(
            nameof(codePointOffset),
            codePointOffset,
            $"Code-point offset {codePointOffset} is outside a text of {CodePointLength(text)} code points ({text.Length} UTF-16 code units).");
    }

    internal static bool IsPairAt(string text, int index) =>
        index + 1 < text.Length && char.IsHighSurrogate(text[index]) && char.IsLowSurrogate(text[index + 1]);

    /// <summary>Rejects an offset outside [0, length] or between the halves of a surrogate pair.</summary>
    internal static void CheckUtf16(string text, int offset, string name)
    {
        if (offset < 0 || offset > text.Length)
        {
            throw new ArgumentOutOfRangeException(name, offset, $"UTF-16 offset {offset} is outside a text of {text.Length} UTF-16 code units.");
        }

        if (offset > 0 && IsPairAt(text, offset - 1))
        {
            throw new ArgumentOutOfRangeException(
                name, offset, $"UTF-16 offset {offset} falls inside a surrogate pair in a text of {text.Length} UTF-16 code units.");
        }
    }

    /// <summary>The number of valid surrogate pairs wholly inside <paramref name="span"/>.</summary>
    private static int CountPairs(ReadOnlySpan<char> span)
    {
        var pairs = 0;
        var i = span.IndexOfAnyInRange('\uD800', '\uDBFF');
        while (i >= 0)
        {
            if (i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                pairs++;
                i++;
            }

            var next = span[(i + 1)..].IndexOfAnyInRange('\uD800', '\uDBFF');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return pairs;
    }
}
