using System.Globalization;
using System.Text;

namespace Tagloop.Learning.Text;

/// <summary>
/// BERT's WordPiece tokeniser (the semantics of Hugging Face BertTokenizer): clean the text (drop control and format
/// characters, map white space to a space), put CJK ideographs apart, split on white space, lower-case and strip accents
/// per word, split off punctuation, then greedy longest-match-first WordPiece with "##" continuations, where a word
/// that cannot be covered becomes one [UNK]. Text is read by code point (<see cref="Rune"/>), never by UTF-16 unit.
/// </summary>
/// <remarks>
/// Differences from Hugging Face that this tokeniser chooses or cannot avoid: special-token text in the input (such as
/// "[SEP]") is tokenised as ordinary text, never matched as a special token; lower-casing is per code point
/// (no final-sigma rule); character categories come from .NET and decompositions from the generated table
/// (<see cref="UnicodeDecomposition.DataVersion"/>).
/// </remarks>
public sealed class WordPieceTokenizer
{
    public const string PadToken = "[PAD]";
    public const string UnknownToken = "[UNK]";
    public const string ClassifierToken = "[CLS]";
    public const string SeparatorToken = "[SEP]";
    private const string ContinuationPrefix = "##";

    private readonly string[] vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> wordStarts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuations;
    private readonly bool lowerCase;
    private readonly bool stripAccents;
    private readonly bool separateCjk;
    private readonly int maxCharactersPerWord;

    /// <summary>Builds the tokeniser from a vocabulary whose entry n has id n.</summary>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary, WordPieceTokenizerOptions? options = null)
        : this(vocabulary, "the vocabulary", options)
    {
    }

    private WordPieceTokenizer(IReadOnlyList<string> vocabulary, string source, WordPieceTokenizerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        options ??= new WordPieceTokenizerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCharactersPerWord, 1, nameof(options));
        this.vocabulary = [.. vocabulary];
        var starts = new Dictionary<string, int>(this.vocabulary.Length, StringComparer.Ordinal);
        var rests = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < this.vocabulary.Length; id++)
        {
            var token = this.vocabulary[id];
            if (string.IsNullOrEmpty(token))
            {
                throw new InvalidDataException($"{source}: line {id + 1} (id {id}) is empty; every line must hold one token.");
            }

            if (!starts.TryAdd(token, id))
            {
                var first = starts[token];
                throw new InvalidDataException(
                    $"{source}: duplicate token '{token}' on line {id + 1} (id {id}); it is already on line {first + 1} (id {first}).");
            }

            if (token.Length > ContinuationPrefix.Length && token.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                rests.Add(token[ContinuationPrefix.Length..], id);
            }
        }

        PadId = RequireSpecial(starts, PadToken, source);
        UnknownId = RequireSpecial(starts, UnknownToken, source);
        ClassifierId = RequireSpecial(starts, ClassifierToken, source);
        SeparatorId = RequireSpecial(starts, SeparatorToken, source);
        wordStarts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        continuations = rests.GetAlternateLookup<ReadOnlySpan<char>>();
        lowerCase = options.LowerCase;
        stripAccents = options.StripAccents ?? options.LowerCase;
        separateCjk = options.SeparateCjkIdeographs;
        maxCharactersPerWord = options.MaxCharactersPerWord;
    }

    public int PadId { get; }

    public int UnknownId { get; }

    public int ClassifierId { get; }

    public int SeparatorId { get; }

    public int VocabularySize => vocabulary.Length;

    /// <summary>Reads a vocab.txt: UTF-8, one token per line, the token on line n (0-based) has id n.</summary>
    public static WordPieceTokenizer Load(string vocabPath, WordPieceTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"WordPiece vocabulary not found: {vocabPath}", vocabPath);
        }

        return new WordPieceTokenizer([.. File.ReadLines(vocabPath, Encoding.UTF8)], vocabPath, options);
    }

    /// <summary>The token with this id.</summary>
    public string Token(int id) => vocabulary[id];

    /// <summary>
    /// The model input for one text: [CLS], the WordPiece ids, [SEP]; at most <paramref name="maxTokens"/> ids in all,
    /// cutting the text's tokens at the end and keeping [SEP] last.
    /// </summary>
    public int[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<int>();
        TokenizeInto(text, maxTokens - 2, ids);
        var result = new int[ids.Count + 2];
        result[0] = ClassifierId;
        ids.CopyTo(result, 1);
        result[^1] = SeparatorId;
        return result;
    }

    /// <summary>The WordPiece tokens of a text, without [CLS] and [SEP].</summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        TokenizeInto(text, int.MaxValue, ids);
        return [.. ids.Select(id => vocabulary[id])];
    }

    private static int RequireSpecial(Dictionary<string, int> tokens, string token, string source)
    {
        return tokens.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"{source}: the special token {token} is missing (needs {PadToken}, {UnknownToken}, {ClassifierToken} and {SeparatorToken}).");
    }

    /// <summary>Appends the ids of the text's tokens to <paramref name="ids"/>, stopping once it holds <paramref name="limit"/>.</summary>
    private void TokenizeInto(string text, int limit, List<int> ids)
    {
        var word = new List<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (ids.Count >= limit)
            {
                break;
            }

            var value = rune.Value;
            if (value is '\t' or '\n' or '\r')
            {
                AddWord(word, limit, ids);
                continue;
            }

            // Invalid UTF-16 arrives as U+FFFD, which BERT drops like the control characters.
            var category = Rune.GetUnicodeCategory(rune);
            if (value == 0 || value == 0xFFFD || IsOther(category))
            {
                continue;
            }

            if (category == UnicodeCategory.SpaceSeparator || Rune.IsWhiteSpace(rune))
            {
                AddWord(word, limit, ids);
            }
            else if (separateCjk && IsCjkIdeograph(value))
            {
                AddWord(word, limit, ids);
                word.Add(value);
                AddWord(word, limit, ids);
            }
            else
            {
                word.Add(value);
            }
        }

        AddWord(word, limit, ids);
        if (ids.Count > limit)
        {
            ids.RemoveRange(limit, ids.Count - limit);
        }
    }

    /// <summary>Normalises one white-space-delimited word, splits off its punctuation and appends the pieces; clears it.</summary>
    private void AddWord(List<int> word, int limit, List<int> ids)
    {
        if (word.Count > 0)
        {
            AddNormalizedWord(Normalize(word), limit, ids);
            word.Clear();
        }
    }

    private void AddNormalizedWord(List<int> normalized, int limit, List<int> ids)
    {
        var part = new StringBuilder();
        var partLength = 0;
        foreach (var value in normalized)
        {
            if (ids.Count >= limit)
            {
                return;
            }

            if (IsPunctuation(value))
            {
                AddWordPieces(part, partLength, ids);
                part.Clear();
                partLength = 0;
                ids.Add(TryGetValue(wordStarts, value, out var id) ? id : UnknownId);
            }
            else
            {
                part.Append(new Rune(value).ToString());
                partLength++;
            }
        }

        AddWordPieces(part, partLength, ids);
    }

    private List<int> Normalize(List<int> word)
    {
        if (!lowerCase && !stripAccents)
        {
            return word;
        }

        var result = new List<int>(word.Count);
        Span<int> scratch = stackalloc int[3];
        foreach (var value in word)
        {
            var lowered = lowerCase ? Rune.ToLowerInvariant(new Rune(value)).Value : value;
            if (!stripAccents)
            {
                result.Add(lowered);
                continue;
            }

            // Lower-case, decompose, drop the marks, lower-case again: 'İ' is unchanged by invariant lower-casing
            // but decomposes to 'I' + U+0307, and BERT expects 'i'.
            foreach (var part in UnicodeDecomposition.Decompose(lowered, scratch))
            {
                var rune = new Rune(part);
                if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
                {
                    result.Add(lowerCase ? Rune.ToLowerInvariant(rune).Value : part);
                }
            }
        }

        return result;
    }

    /// <summary>Greedy longest-match-first WordPiece over one punctuation-free word of <paramref name="length"/> code points.</summary>
    private void AddWordPieces(StringBuilder part, int length, List<int> ids)
    {
        if (length == 0)
        {
            return;
        }

        if (length > maxCharactersPerWord)
        {
            ids.Add(UnknownId);
            return;
        }

        var text = part.ToString();
        var bounds = new int[length + 1];
        var position = 0;
        for (var i = 0; i < length; i++)
        {
            bounds[i] = position;
            position += char.IsSurrogate(text[position]) ? 2 : 1;
        }

        bounds[length] = text.Length;
        var first = ids.Count;
        var start = 0;
        while (start < length)
        {
            var lookup = start == 0 ? wordStarts : continuations;
            var found = -1;
            var end = length;
            for (; end > start; end--)
            {
                if (lookup.TryGetValue(text.AsSpan(bounds[start], bounds[end] - bounds[start]), out var id))
                {
                    found = id;
                    break;
                }
            }

            if (found < 0)
            {
                ids.RemoveRange(first, ids.Count - first);
                ids.Add(UnknownId);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }

    private static bool TryGetValue(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, int value, out int id)
    {
        Span<char> buffer = stackalloc char[2];
        var written = new Rune(value).EncodeToUtf16(buffer);
        return lookup.TryGetValue(buffer[..written], out id);
    }

    private static bool IsOther(UnicodeCategory category)
    {
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsPunctuation(int value)
    {
        if (value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(new Rune(value)) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK Unified Ideographs blocks BERT puts apart (not Hiragana, Katakana or Hangul).</summary>
    private static bool IsCjkIdeograph(int value)
    {
        return value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
    }
}
