namespace Tagloop.Learning.Text;

/// <summary>How <see cref="WordPieceTokenizer"/> normalises text; the defaults are BERT-uncased's.</summary>
public sealed record WordPieceTokenizerOptions
{
    /// <summary>Lower-case every word (BERT's do_lower_case).</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Decompose (NFD) and drop non-spacing marks; null follows <see cref="LowerCase"/>, as BERT does.</summary>
    public bool? StripAccents { get; init; }

    /// <summary>Make every CJK ideograph a word of its own (BERT's tokenize_chinese_chars).</summary>
    public bool SeparateCjkIdeographs { get; init; } = true;

    /// <summary>A word (after punctuation splitting) longer than this many code points becomes [UNK].</summary>
    public int MaxCharactersPerWord { get; init; } = 100;
}
