namespace Tagloop.Learning.Spans;

/// <summary>A sentence as tokens with one tag each, in the IOB2 scheme ("B-PER", "I-PER", "O").</summary>
public sealed record TaggedSentence
{
    public TaggedSentence(IReadOnlyList<string> tokens, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tags);
        if (tokens.Count != tags.Count)
        {
            throw new ArgumentException($"{tokens.Count} tokens but {tags.Count} tags.", nameof(tags));
        }

        Tokens = tokens;
        Tags = tags;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> Tags { get; }
}

/// <summary>An entity over the tokens [<paramref name="Start"/>, <paramref name="End"/>) of a sentence, with its type.</summary>
public readonly record struct TokenSpan(int Start, int End, string Label);
