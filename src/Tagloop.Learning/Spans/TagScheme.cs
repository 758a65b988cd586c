using System.Buffers;

namespace Tagloop.Learning.Spans;

/// <summary>How entity tags mark spans: "O" outside, otherwise a prefix letter, a hyphen and the entity type.</summary>
public enum TagScheme
{
    /// <summary>IOB1 (CoNLL-2003's files): I- inside; B- only starts an entity that directly follows one of the same type.</summary>
    Iob1,

    /// <summary>IOB2: B- starts every entity, I- continues it.</summary>
    Iob2,

    /// <summary>BILOU: B- begin, I- inside, L- last, U- unit (one token); BIOES's E- (end) and S- (single) are read as L- and U-.</summary>
    Bilou,
}

/// <summary>
/// Decoding, encoding, detection and validation of entity tag schemes. Decoding follows the CoNLL evaluation script
/// (conlleval, Tjong Kim Sang), so spans read here are the entities conlleval would count.
/// </summary>
public static class TagSchemes
{
    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \t\r\n\v\f\u00A0\u2028\u2029");

    /// <summary>
    /// The entities a tag sequence marks, in order. An entity ends before a token tagged O, B- or U-/S-, before a token
    /// of another type, and after a token tagged L-/E- or U-/S-; a token that is not O starts an entity where one ended
    /// (so an I- after O or after another type starts one, as in conlleval, and IOB1 and IOB2 decode alike).
    /// An ill-formed BILOU sequence is read the same way and loses no token: an entity missing its L- ends where the next
    /// boundary falls (B-PER I-PER O is PER over two tokens), an L-/I- after O or after another type starts an entity
    /// (B-PER L-ORG is a one-token PER and a one-token ORG), and U- after B- closes the B- entity and stands alone.
    /// </summary>
    /// <exception cref="ArgumentException">A tag is not "O" or prefix-TYPE, or its prefix is not one of the scheme's.</exception>
    public static IReadOnlyList<TokenSpan> Decode(IReadOnlyList<string> tags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var spans = new List<TokenSpan>();
        var previousPrefix = 'O';
        var previousType = "";
        var start = -1;
        for (var i = 0; i < tags.Count; i++)
        {
            var problem = Problem(tags[i], scheme);
            if (problem is not null)
            {
                throw new ArgumentException($"Tag {i}: {problem}", nameof(tags));
            }

            var (prefix, type) = Split(tags[i]);
            var boundary = previousPrefix is 'O' or 'L' or 'U' || prefix is 'B' or 'U' or 'O' || previousType != type;
            if (boundary)
            {
                if (start >= 0)
                {
                    spans.Add(new TokenSpan(start, i, previousType));
                }

                start = prefix == 'O' ? -1 : i;
            }

            previousPrefix = prefix;
            previousType = type;
        }

        if (start >= 0)
        {
            spans.Add(new TokenSpan(start, tags.Count, previousType));
        }

        return spans;
    }

    /// <summary>IOB2 tags for <paramref name="length"/> tokens with the given entities (B- first token, I- the rest, O elsewhere).</summary>
    /// <exception cref="ArgumentException">A span is empty, out of range, has an invalid type, or overlaps another.</exception>
    public static string[] EncodeIob2(int length, IEnumerable<TokenSpan> spans)
    {
        return Encode(length, spans, TagScheme.Iob2);
    }

    /// <summary>
    /// Tags for <paramref name="length"/> tokens with the given entities in a scheme: IOB2; IOB1 (I- throughout, B- on the
    /// first token of an entity that directly follows one of the same type); BILOU (U- alone, else B- I-… L-).
    /// </summary>
    /// <exception cref="ArgumentException">A span is empty, out of range, has an invalid type, or overlaps another.</exception>
    public static string[] Encode(int length, IEnumerable<TokenSpan> spans, TagScheme scheme)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(spans);
        var owner = new TokenSpan?[length];
        var ordered = new List<TokenSpan>();
        foreach (var span in spans)
        {
            if (span.Start < 0 || span.End > length || span.Start >= span.End)
            {
                throw new ArgumentException($"Span {Describe(span)} is empty or outside the {length} tokens.", nameof(spans));
            }

            if (string.IsNullOrEmpty(span.Label) || span.Label.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Span {Describe(span)} has a type that is empty or contains white space.", nameof(spans));
            }

            for (var i = span.Start; i < span.End; i++)
            {
                if (owner[i] is { } other)
                {
                    throw new ArgumentException($"Span {Describe(span)} overlaps span {Describe(other)}.", nameof(spans));
                }

                owner[i] = span;
            }

            ordered.Add(span);
        }

        var tags = new string[length];
        Array.Fill(tags, "O");
        ordered.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        TokenSpan? previous = null;
        foreach (var span in ordered)
        {
            var single = span.End - span.Start == 1;
            for (var i = span.Start; i < span.End; i++)
            {
                var first = i == span.Start;
                var last = i == span.End - 1;
                tags[i] = scheme switch
                {
                    TagScheme.Iob2 => (first ? "B-" : "I-") + span.Label,
                    TagScheme.Iob1 => (first && previous is { } p && p.End == span.Start && p.Label == span.Label ? "B-" : "I-") + span.Label,
                    TagScheme.Bilou => (single ? "U-" : first ? "B-" : last ? "L-" : "I-") + span.Label,
                    _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown tag scheme."),
                };
            }

            previous = span;
        }

        return tags;
    }

    /// <summary>The IOB2 tags of a tag sequence in another scheme: <see cref="Decode"/> then <see cref="EncodeIob2"/>.</summary>
    /// <exception cref="ArgumentException">A tag is not valid in the scheme.</exception>
    public static string[] ToIob2(IReadOnlyList<string> tags, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return EncodeIob2(tags.Count, Decode(tags, scheme));
    }

    /// <summary>
    /// A guess at the scheme of one tag sequence: any L-, U-, E- or S- → BILOU. Otherwise an I- that starts an entity
    /// (at the start, after O or after another type) says IOB1 and a B- that does so says IOB2: IOB1 when the I- starts
    /// outnumber the B- starts (so when B- only separates same-type neighbours, or there is no B-), else IOB2. Counting
    /// rather than requiring no B- start at all lets a few annotation slips pass: CoNLL-2003's IOB1 eng.train has 23,427
    /// I- starts and 2 B- starts after O.
    /// </summary>
    /// <exception cref="ArgumentException">A tag is not "O" or prefix-TYPE.</exception>
    public static TagScheme Detect(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var evidence = new TagSchemeEvidence();
        evidence.Add(tags as IReadOnlyList<string> ?? [.. tags]);
        return evidence.Guess();
    }

    /// <summary>A guess at the scheme of many sentences' tags together (see <see cref="Detect(IEnumerable{string})"/>).</summary>
    /// <exception cref="ArgumentException">A tag is not "O" or prefix-TYPE.</exception>
    public static TagScheme Detect(IEnumerable<IReadOnlyList<string>> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var evidence = new TagSchemeEvidence();
        foreach (var tags in sentences)
        {
            evidence.Add(tags);
        }

        return evidence.Guess();
    }

    /// <summary>Whether a tag is "O" or prefix-TYPE with prefix B, I, L, U, E or S and a non-empty type without white space.</summary>
    public static bool IsValid(string tag)
    {
        return Problem(tag, null) is null;
    }

    /// <summary>Throws unless a tag is "O" or prefix-TYPE with a prefix the scheme uses (any of B, I, L, U, E, S when null).</summary>
    /// <exception cref="ArgumentException">The tag is invalid; the message names it.</exception>
    public static void Validate(string tag, TagScheme? scheme = null)
    {
        var problem = Problem(tag, scheme);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(tag));
        }
    }

    /// <summary>Why a tag is invalid (in the scheme, if given), or null when it is valid.</summary>
    internal static string? Problem(string? tag, TagScheme? scheme)
    {
        if (tag is null)
        {
            return "a tag is missing (null).";
        }

        if (tag == "O")
        {
            return null;
        }

        if (tag.Length < 3 || tag[1] != '-' || "BILUES".IndexOf(tag[0], StringComparison.Ordinal) < 0 || tag.AsSpan(2).ContainsAny(WhiteSpace))
        {
            return $"tag \"{tag}\" is not \"O\" or <prefix>-<TYPE> (prefix B, I, L, U, E or S; a type without spaces).";
        }

        if (scheme is TagScheme.Iob1 or TagScheme.Iob2 && tag[0] is not ('B' or 'I'))
        {
            return $"tag \"{tag}\" has prefix {tag[0]}, which {scheme} does not use (only B and I).";
        }

        return null;
    }

    /// <summary>A valid tag's prefix (E read as L, S as U; 'O' for O) and type ("" for O).</summary>
    internal static (char Prefix, string Type) Split(string tag)
    {
        if (tag == "O")
        {
            return ('O', "");
        }

        var prefix = tag[0] switch
        {
            'E' => 'L',
            'S' => 'U',
            var p => p,
        };
        return (prefix, tag[2..]);
    }

    private static string Describe(TokenSpan span)
    {
        return $"[{span.Start}, {span.End}) \"{span.Label}\"";
    }
}

/// <summary>What the tags of many sentences say about their scheme, gathered sentence by sentence (<see cref="TagSchemes.Detect(IEnumerable{string})"/>).</summary>
internal sealed class TagSchemeEvidence
{
    private bool _bilou;
    private long _insideStarts;
    private long _beginStarts;

    /// <summary>Adds one sentence's tags; throws <see cref="ArgumentException"/> on an invalid tag.</summary>
    public void Add(IReadOnlyList<string> tags)
    {
        var previousType = "";
        for (var i = 0; i < tags.Count; i++)
        {
            var problem = TagSchemes.Problem(tags[i], null);
            if (problem is not null)
            {
                throw new ArgumentException($"Tag {i}: {problem}", nameof(tags));
            }

            Add(tags[i], ref previousType);
        }
    }

    /// <summary>Adds one valid tag of a sentence; <paramref name="previousType"/> is the type of the tag before ("" at the start or after O).</summary>
    public void Add(string tag, ref string previousType)
    {
        var (prefix, type) = TagSchemes.Split(tag);
        switch (prefix)
        {
            case 'L' or 'U':
                _bilou = true;
                break;
            case 'I' when previousType != type:
                _insideStarts++;
                break;
            case 'B' when previousType != type:
                _beginStarts++;
                break;
        }

        previousType = type;
    }

    public TagScheme Guess()
    {
        return _bilou ? TagScheme.Bilou : _insideStarts > _beginStarts ? TagScheme.Iob1 : TagScheme.Iob2;
    }
}
