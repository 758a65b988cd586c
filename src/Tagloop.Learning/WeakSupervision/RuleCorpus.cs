using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// The documents rules are applied to: their texts and, for the rules that need them, their dense vectors (with the
/// encoder that made them, to embed a rule's examples and the label descriptions the same way), the label descriptions,
/// and each document's metadata.
/// </summary>
public sealed class RuleCorpus
{
    public RuleCorpus(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Texts = texts;
    }

    /// <summary>Document i's text (a null text is read as empty).</summary>
    public IReadOnlyList<string> Texts { get; }

    public int Documents => Texts.Count;

    /// <summary>
    /// One vector per document, for <see cref="RuleKind.Similar"/> and <see cref="RuleKind.LabelDescription"/> rules:
    /// cosine similarity is taken over the rows as they are (no centring); unit rows are the usual case.
    /// </summary>
    public DenseRows? Vectors { get; init; }

    /// <summary>The encoder that made <see cref="Vectors"/>: it embeds rules' examples and label descriptions.</summary>
    public IDenseTextEncoder? Encoder { get; init; }

    /// <summary>Each label's description (by label name), for <see cref="RuleKind.LabelDescription"/> rules.</summary>
    public IReadOnlyDictionary<string, string>? LabelDescriptions { get; init; }

    /// <summary>
    /// Each document's metadata fields (null for a document without any), for <see cref="RuleKind.Metadata"/> rules,
    /// which compare field names and values exactly (ordinal, case-sensitive).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>?>? Metadata { get; init; }
}
