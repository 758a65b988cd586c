using System.Collections.Frozen;

namespace Tagloop.Learning.Spans;

/// <summary>
/// How each word is written across one document, for non-local features (after Ratinov and Roth 2009, "Design
/// challenges and misconceptions in named entity recognition"): whether the word also appears title-cased inside a
/// sentence, and whether it also appears in lower case, elsewhere in the document. A capitalised word at the start of
/// a sentence or in an all-caps headline is then judged by how the document writes it where case carries meaning.
/// Built once per document; immutable and thread-safe.
/// </summary>
public sealed class DocumentContext
{
    private readonly FrozenDictionary<string, Counts> words;

    private DocumentContext(FrozenDictionary<string, Counts> words) => this.words = words;

    /// <summary>The context of a document given as its sentences' tokens.</summary>
    public static DocumentContext Of(IEnumerable<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var counts = new Dictionary<string, Counts>(StringComparer.Ordinal);
        foreach (var tokens in sentences)
        {
            ArgumentNullException.ThrowIfNull(tokens, nameof(sentences));
            for (var t = 0; t < tokens.Count; t++)
            {
                var form = FormOf(tokens[t] ?? throw new ArgumentException($"A sentence has a null token at {t}.", nameof(sentences)), t);
                if (form == Form.Other)
                {
                    continue;
                }

                var key = tokens[t].ToLowerInvariant();
                counts.TryGetValue(key, out var c);
                counts[key] = form switch
                {
                    Form.TitleInside => c with { TitleInside = c.TitleInside + 1 },
                    Form.Lower => c with { Lower = c.Lower + 1 },
                    _ => c,
                };
            }
        }

        return new DocumentContext(counts.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The number of distinct words counted.</summary>
    public int Count => words.Count;

    /// <summary>
    /// How the document writes the token at position <paramref name="t"/> of a sentence, other than there: title-cased
    /// inside a sentence elsewhere, in lower case elsewhere (this occurrence not counted, if the sentence is part of the document).
    /// </summary>
    internal (bool TitleElsewhere, bool LowerElsewhere) Elsewhere(string token, int t, bool sentenceInDocument)
    {
        if (!words.TryGetValue(token.ToLowerInvariant(), out var c))
        {
            return (false, false);
        }

        var own = sentenceInDocument ? FormOf(token, t) : Form.Other;
        return (c.TitleInside - (own == Form.TitleInside ? 1 : 0) > 0, c.Lower - (own == Form.Lower ? 1 : 0) > 0);
    }

    /// <summary>How a token is written: title case inside a sentence (not first), lower case, or anything else.</summary>
    internal static Form FormOf(string token, int t)
    {
        if (token.Length == 0 || !char.IsLetter(token[0]))
        {
            return Form.Other;
        }

        if (char.IsLower(token[0]))
        {
            return HasUpper(token) ? Form.Other : Form.Lower;
        }

        // Title case: an upper-case first letter and at least one lower-case letter after it ("Paris", "McDonald").
        return t > 0 && HasLower(token) ? Form.TitleInside : Form.Other;
    }

    private static bool HasUpper(string token)
    {
        foreach (var c in token)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLower(string token)
    {
        foreach (var c in token)
        {
            if (char.IsLower(c))
            {
                return true;
            }
        }

        return false;
    }

    internal enum Form
    {
        Other,
        TitleInside,
        Lower,
    }

    private readonly record struct Counts(int TitleInside, int Lower);
}
