namespace Tagloop.Learning.Spans;

/// <summary>The IOB2 tag set of a list of entity types, which transitions between its tags are legal, and spans from tags.</summary>
internal static class IobTags
{
    public const string Outside = "O";

    /// <summary>"O", then B-X, I-X for each type in ordinal order.</summary>
    public static string[] Labels(IEnumerable<string> types)
    {
        var sorted = types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var labels = new string[1 + (2 * sorted.Length)];
        labels[0] = Outside;
        for (var i = 0; i < sorted.Length; i++)
        {
            labels[1 + (2 * i)] = "B-" + sorted[i];
            labels[2 + (2 * i)] = "I-" + sorted[i];
        }

        return labels;
    }

    /// <summary>The entity type of a tag ("B-LOC" → "LOC"), null for "O"; throws for a tag that is not IOB2.</summary>
    public static string? TypeOf(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag == Outside)
        {
            return null;
        }

        if (tag.Length > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-')
        {
            return tag[2..];
        }

        throw new ArgumentException($"'{tag}' is not an IOB2 tag (O, B-TYPE or I-TYPE).", nameof(tag));
    }

    public static bool IsInside(string tag) => tag.Length > 2 && tag[0] == 'I' && tag[1] == '-';

    /// <summary>Whether a path may go from <paramref name="from"/> to <paramref name="to"/>: I-X only after B-X or I-X.</summary>
    public static bool Legal(string from, string to) => !IsInside(to) || (from != Outside && from.AsSpan(2).SequenceEqual(to.AsSpan(2)));

    /// <summary>Whether a path may start with <paramref name="tag"/>.</summary>
    public static bool LegalStart(string tag) => !IsInside(tag);

    /// <summary>The entities of an IOB2 tag sequence; a stray I-X (after O or another type) starts an entity.</summary>
    public static List<TokenSpan> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<TokenSpan>();
        string? open = null;
        var start = 0;
        for (var t = 0; t <= tags.Count; t++)
        {
            var tag = t < tags.Count ? tags[t] : Outside;
            var type = TypeOf(tag);
            var continues = type is not null && IsInside(tag) && type == open;
            if (open is not null && !continues)
            {
                spans.Add(new TokenSpan(start, t, open));
                open = null;
            }

            if (type is not null && !continues)
            {
                open = type;
                start = t;
            }
        }

        return spans;
    }
}
