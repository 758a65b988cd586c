using System.Collections.Frozen;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Entity strings (lower-cased token sequences) with their types, looked up in a sentence to give the tagger
/// "starts / inside / ends a match of TYPE" features. Immutable and thread-safe.
/// </summary>
public sealed class Gazetteer
{
    private readonly FrozenDictionary<string, string[]> entries;
    private readonly FrozenSet<string> prefixes;

    /// <summary>Builds a gazetteer from (tokens, type) entries; an entry's tokens are matched case-insensitively.</summary>
    public Gazetteer(IEnumerable<(IReadOnlyList<string> Tokens, string Type)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var types = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (tokens, type) in entries)
        {
            ArgumentNullException.ThrowIfNull(tokens);
            ArgumentException.ThrowIfNullOrWhiteSpace(type);
            if (tokens.Count == 0)
            {
                throw new ArgumentException($"An entry of type '{type}' has no tokens.", nameof(entries));
            }

            var key = Key(tokens, 0, tokens.Count);
            if (!types.TryGetValue(key, out var set))
            {
                types[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(type);
            MaxLength = Math.Max(MaxLength, tokens.Count);
        }

        this.entries = types.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        prefixes = Prefixes(this.entries.Keys);
    }

    /// <summary>A gazetteer from its stored form (keys: lower-cased tokens joined by spaces; types sorted).</summary>
    internal Gazetteer(IEnumerable<KeyValuePair<string, string[]>> keyed, int maxLength)
    {
        entries = keyed.ToFrozenDictionary(StringComparer.Ordinal);
        MaxLength = maxLength;
        prefixes = Prefixes(entries.Keys);
    }

    /// <summary>The first 1 … n−1 tokens of every entry of n tokens: a match is looked for further only while the words so far are one.</summary>
    private static FrozenSet<string> Prefixes(IEnumerable<string> keys)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            for (var space = key.IndexOf(' ', StringComparison.Ordinal); space >= 0; space = key.IndexOf(' ', space + 1))
            {
                found.Add(key[..space]);
            }
        }

        return found.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The entries as stored: key (lower-cased tokens joined by spaces) → types, in ordinal key order.</summary>
    internal IEnumerable<KeyValuePair<string, string[]>> Entries => entries.OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>The number of distinct entity strings.</summary>
    public int Count => entries.Count;

    /// <summary>The longest entry, in tokens.</summary>
    public int MaxLength { get; }

    /// <summary>A gazetteer of every labelled span in <paramref name="sentences"/> (IOB2 tags).</summary>
    public static Gazetteer FromSentences(IEnumerable<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var found = new List<(IReadOnlyList<string>, string)>();
        foreach (var sentence in sentences)
        {
            foreach (var span in IobTags.Spans(sentence.Tags))
            {
                found.Add((sentence.Tokens.Skip(span.Start).Take(span.End - span.Start).ToArray(), span.Label));
            }
        }

        return new Gazetteer(found);
    }

    /// <summary>
    /// For each of <paramref name="folds"/> folds, the gazetteer of the entries of every other fold: a training sentence
    /// of fold k reads the k-th (<see cref="CrfExample.WithGazetteer"/>), so its own entities are matched only where
    /// another fold labelled the same string, as at prediction time for text never labelled.
    /// </summary>
    /// <param name="entries">Entity strings with their type and fold (0 to folds − 1).</param>
    /// <param name="folds">How many folds (at least 2).</param>
    public static Gazetteer[] OutOfFold(IEnumerable<(IReadOnlyList<string> Tokens, string Type, int Fold)> entries, int folds)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var list = entries.ToList();
        foreach (var entry in list)
        {
            if (entry.Fold < 0 || entry.Fold >= folds)
            {
                throw new ArgumentOutOfRangeException(nameof(entries), entry.Fold, $"A fold must be between 0 and {folds - 1}.");
            }
        }

        return [.. Enumerable.Range(0, folds).Select(k => new Gazetteer(list.Where(e => e.Fold != k).Select(e => (e.Tokens, e.Type))))];
    }

    /// <summary>The types of the entity string tokens[start..end) (empty when it is not an entry).</summary>
    public IReadOnlyList<string> TypesOf(IReadOnlyList<string> tokens, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return entries.TryGetValue(Key(tokens, start, end), out var types) ? types : [];
    }

    /// <summary>Every match in the sentence, as spans (one per type of a matching string; matches may overlap).</summary>
    public IReadOnlyList<TokenSpan> Matches(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var matches = new List<TokenSpan>();
        if (entries.Count == 0)
        {
            return matches;
        }

        var lower = new string[tokens.Count];
        for (var t = 0; t < lower.Length; t++)
        {
            lower[t] = tokens[t].ToLowerInvariant();
        }

        var key = new System.Text.StringBuilder();
        for (var start = 0; start < lower.Length; start++)
        {
            key.Clear();
            for (var end = start + 1; end <= Math.Min(lower.Length, start + MaxLength); end++)
            {
                if (end > start + 1)
                {
                    key.Append(' ');
                }

                key.Append(lower[end - 1]);
                var text = key.ToString();
                if (entries.TryGetValue(text, out var types))
                {
                    foreach (var type in types)
                    {
                        matches.Add(new TokenSpan(start, end, type));
                    }
                }

                if (!prefixes.Contains(text))
                {
                    break;
                }
            }
        }

        return matches;
    }

    private static string Key(IReadOnlyList<string> tokens, int start, int end)
    {
        if (end - start == 1)
        {
            return tokens[start].ToLowerInvariant();
        }

        var parts = new string[end - start];
        for (var i = start; i < end; i++)
        {
            parts[i - start] = tokens[i].ToLowerInvariant();
        }

        return string.Join(' ', parts);
    }
}
