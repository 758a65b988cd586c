using System.Globalization;
using System.Text;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The words and word pairs of a text as keyword rules would match them: words are maximal runs of word characters in
/// the folded text (<see cref="RuleText"/>), each letter of a script written without spaces a word on its own; a pair
/// is two words with one space between them, or none (when one is such a letter). A word or pair read here, used as a
/// keyword term, matches exactly the texts it was read from.
/// </summary>
internal sealed class NgramReader
{
    private char[] folded = new char[256];
    private readonly List<(int Start, int End, bool Letter)> words = [];

    /// <summary>The folded text last read.</summary>
    public ReadOnlySpan<char> Text => folded.AsSpan(0, Length);

    public int Length { get; private set; }

    /// <summary>The words of the text last read: offsets into <see cref="Text"/>, and whether the word holds a letter.</summary>
    public IReadOnlyList<(int Start, int End, bool Letter)> Words => words;

    public void Read(string text)
    {
        if (folded.Length < text.Length)
        {
            folded = new char[Math.Max(text.Length, folded.Length * 2)];
        }

        Length = RuleText.Normalise(text, folded, []);
        words.Clear();
        var span = Text;
        var start = -1;
        var letter = false;
        for (var i = 0; i < span.Length;)
        {
            Rune.DecodeFromUtf16(span[i..], out var rune, out var size);
            var category = Rune.GetUnicodeCategory(rune);
            if (RuleText.IsJoining(rune))
            {
                if (start < 0)
                {
                    start = i;
                    letter = false;
                }

                letter |= Rune.IsLetter(rune);
            }
            else
            {
                if (start >= 0)
                {
                    words.Add((start, i, letter));
                    start = -1;
                }

                if (Rune.IsLetter(rune))
                {
                    words.Add((i, i + size, true));
                }
                else if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark && words.Count > 0 && words[^1].End == i)
                {
                    // A vowel sign of a script without spaces belongs to the letter before it.
                    words[^1] = (words[^1].Start, i + size, true);
                }
            }

            i += size;
        }

        if (start >= 0)
        {
            words.Add((start, span.Length, letter));
        }
    }

    /// <summary>Whether words <paramref name="w"/> and <paramref name="w"/> + 1 make a pair (one space between them, or none).</summary>
    public bool Pairs(int w)
    {
        var gap = words[w + 1].Start - words[w].End;
        return gap == 0 || (gap == 1 && folded[words[w].End] == ' ');
    }
}
