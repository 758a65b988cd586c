using System.Collections.Frozen;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Entity strings (lower-cased token sequences) with their types, looked up in a sentence to give the tagger
/// "starts / inside / ends a match of TYPE" features. Immutable and thread-safe.
/// </summary>
public sealed class Gazetteer
{
    private readonly FrozenDictionary<string, string[]> entries;

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
    }

    /// <summary>A gazetteer from its stored form (keys: lower-cased tokens joined by spaces; types sorted).</summary>
    internal Gazetteer(IEnumerable<KeyValuePair<string, string[]>> keyed, int maxLength)
    {
        entries = keyed.ToFrozenDictionary(StringComparer.Ordinal);
        MaxLength = maxLength;
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
        for (var start = 0; start < tokens.Count; start++)
        {
            for (var end = start + 1; end <= Math.Min(tokens.Count, start + MaxLength); end++)
            {
                if (entries.TryGetValue(Key(tokens, start, end), out var types))
                {
                    foreach (var type in types)
                    {
                        matches.Add(new TokenSpan(start, end, type));
                    }
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
