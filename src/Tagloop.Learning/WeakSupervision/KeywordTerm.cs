using System.Text;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// One keyword or phrase of a rule, parsed: its text as <see cref="RuleText"/> normalises it, and whether each edge must
/// sit on a word boundary (an edge needs one unless a <c>*</c> stands there or its character is not a word character).
/// </summary>
internal sealed record KeywordTerm(string Folded, string Original, bool CheckStart, bool CheckEnd, bool CaseSensitive)
{
    /// <summary>Parses <paramref name="term"/>; the error says what is wrong with it (the caller names the rule).</summary>
    public static KeywordTerm Parse(string? term, bool caseSensitive)
    {
        if (string.IsNullOrWhiteSpace(term))
        {
            throw new FormatException("a term is empty");
        }

        var text = term.Trim();
        var openStart = text.StartsWith('*');
        var openEnd = text.Length > 1 && text.EndsWith('*');
        text = text[(openStart ? 1 : 0)..(text.Length - (openEnd ? 1 : 0))].Trim();
        if (text.Length == 0)
        {
            throw new FormatException($"the term '{term}' has nothing but wildcards");
        }

        if (text.Contains('*', StringComparison.Ordinal))
        {
            throw new FormatException($"in the term '{term}' a '*' stands inside it; it may only start or end a term (refund*, *fund, *fund*)");
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
            {
                throw new FormatException($"the term '{term}' holds a lone surrogate at offset {i}");
            }
        }

        var folded = RuleText.Normalise(text, fold: true);
        var original = RuleText.Normalise(text, fold: false);
        var first = Rune.GetRuneAt(folded, 0);
        Rune.DecodeLastFromUtf16(folded, out var last, out _);
        return new KeywordTerm(
            folded, original, !openStart && RuleText.IsJoining(first), !openEnd && RuleText.IsJoining(last), caseSensitive);
    }

    /// <summary>Whether this term occurs in the normalised text at [<paramref name="start"/>, <paramref name="start"/> + length).</summary>
    public bool MatchesAt(ReadOnlySpan<char> folded, ReadOnlySpan<char> original, int start)
    {
        var end = start + Folded.Length;
        if ((CheckStart && RuleText.JoinsBefore(folded, start)) || (CheckEnd && RuleText.JoinsAfter(folded, end)))
        {
            return false;
        }

        return !CaseSensitive || original[start..end].SequenceEqual(Original);
    }
}
