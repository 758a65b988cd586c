using System.Globalization;
using System.Text;

namespace Tagloop.Learning.Text;

/// <summary>Splits text into lower-cased word tokens (runs of letters, digits and apostrophes), for bag-of-words features.</summary>
public static class WordTokenizer
{
    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var isWord = Rune.IsLetterOrDigit(rune) || category == UnicodeCategory.NonSpacingMark || (rune.Value == '\'' && current.Length > 0);
            if (isWord)
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString().TrimEnd('\''));
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString().TrimEnd('\''));
        }

        tokens.RemoveAll(t => t.Length == 0);
        return tokens;
    }
}
