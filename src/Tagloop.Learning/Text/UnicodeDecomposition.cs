namespace Tagloop.Learning.Text;

/// <summary>
/// Canonical decomposition (the mapping behind NFD) of one code point, without the runtime's globalisation data:
/// the repository runs with InvariantGlobalization, where <see cref="string.Normalize(System.Text.NormalizationForm)"/>
/// leaves text unchanged. Hangul syllables are decomposed arithmetically; everything else comes from a table generated
/// by scripts/generate-unicode-decompositions.py. Combining marks are not reordered, so this is NFD only up to the
/// canonical order of marks, which does not matter to callers that drop the marks.
/// </summary>
internal static partial class UnicodeDecomposition
{
    private const int HangulFirst = 0xAC00;
    private const int HangulCount = 11_172;
    private const int LeadingFirst = 0x1100;
    private const int VowelFirst = 0x1161;
    private const int TrailingFirst = 0x11A7;
    private const int TrailingCount = 28;
    private const int VowelTrailingCount = 21 * TrailingCount;

    /// <summary>The full canonical decomposition of <paramref name="codePoint"/>, or the code point itself.</summary>
    /// <param name="codePoint">A Unicode scalar value.</param>
    /// <param name="scratch">At least three ints, used when the result is not a slice of the table.</param>
    public static ReadOnlySpan<int> Decompose(int codePoint, Span<int> scratch)
    {
        var syllable = codePoint - HangulFirst;
        if ((uint)syllable < HangulCount)
        {
            scratch[0] = LeadingFirst + (syllable / VowelTrailingCount);
            scratch[1] = VowelFirst + (syllable % VowelTrailingCount / TrailingCount);
            var trailing = syllable % TrailingCount;
            if (trailing == 0)
            {
                return scratch[..2];
            }

            scratch[2] = TrailingFirst + trailing;
            return scratch[..3];
        }

        var index = Keys.BinarySearch(codePoint);
        if (index < 0)
        {
            scratch[0] = codePoint;
            return scratch[..1];
        }

        var start = Offsets[index];
        return Values[start..Offsets[index + 1]];
    }
}
