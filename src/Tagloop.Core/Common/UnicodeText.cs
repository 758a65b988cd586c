using System.Buffers;
using System.Globalization;
using System.Text;

namespace Tagloop.Core.Common;

/// <summary>
/// The rule every string that enters Tagloop passes at the door: valid Unicode (no unpaired surrogate, which no
/// UTF-8 file, database or JSON writer can carry) and no NUL character (which PostgreSQL refuses and C-based tools
/// take for the end of the text).
/// </summary>
public static class UnicodeText
{
    private static readonly SearchValues<char> Suspects = SearchValues.Create(SuspectCharacters());

    /// <summary>What is wrong with the text, or null when it is fine. Positions count characters from 1.</summary>
    public static string? Problem(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var found = text[offset..].IndexOfAny(Suspects);
            if (found < 0)
            {
                return null;
            }

            var at = offset + found;
            var c = text[at];
            if (c == '\0')
            {
                return $"holds a NUL character (U+0000) at character {at + 1}";
            }

            if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
            {
                offset = at + 2;
                continue;
            }

            return $"holds an unpaired surrogate (\\u{((int)c).ToString("X4", CultureInfo.InvariantCulture)}) at character {at + 1}, which is not valid Unicode";
        }
    }

    public static bool IsValid(ReadOnlySpan<char> text) => Problem(text) is null;

    /// <summary>The text with every NUL and unpaired surrogate replaced by U+FFFD; the same instance when there is none.</summary>
    public static string Repaired(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Cuts a value for quoting in a message, so that a huge or hostile value cannot swamp it.</summary>
    public static string Quote(string? value, int max = 60)
    {
        if (value is null)
        {
            return "";
        }

        var cut = value.Length <= max ? value : value[..max] + "…";
        return Repaired(cut.Length > 0 && char.IsHighSurrogate(cut[^1]) ? cut[..^1] : cut);
    }

    private static string SuspectCharacters()
    {
        var builder = new StringBuilder(1 + 0x800);
        builder.Append('\0');
        for (var c = 0xD800; c <= 0xDFFF; c++)
        {
            builder.Append((char)c);
        }

        return builder.ToString();
    }
}
