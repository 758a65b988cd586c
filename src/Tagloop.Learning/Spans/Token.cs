namespace Tagloop.Learning.Spans;

/// <summary>A token of a document: the UTF-16 range [<paramref name="Start"/>, <paramref name="End"/>) of the whole document's text.</summary>
public readonly record struct Token(int Start, int End)
{
    /// <summary>The number of UTF-16 code units the token covers.</summary>
    public int Length => End - Start;

    /// <summary>The token's text in <paramref name="document"/> (a new string).</summary>
    public string Text(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Substring(Start, Length);
    }

    /// <summary>The token's characters in <paramref name="document"/>, without copying.</summary>
    public ReadOnlySpan<char> Span(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.AsSpan(Start, Length);
    }
}
