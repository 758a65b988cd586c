namespace Tagloop.Server.Models;

/// <summary>The project's current model: version 0 means none yet, with <see cref="Message"/> saying what it waits for.</summary>
public sealed record ModelDto(int Version, int Labels, DateTimeOffset? TrainedAt, IReadOnlyList<string> Classes, ModelMetricsDto Metrics, string? Message)
{
    /// <summary>While new documents are being encoded for the model (after an import): how many of how many; else null.</summary>
    public EncodingDto? Encoding { get; init; }

    /// <summary>
    /// What this model reads documents with: the project's encoder, or <c>tfidf</c> while a sentence model is still
    /// reading the documents (see <see cref="Encoding"/>); null when there is no model yet. For a span-tagging project,
    /// the tagger's token features: <c>words</c>, or <c>words, glove-100d vectors, word clusters</c> once the GloVe
    /// vectors are in the data folder (<c>tagloop models pull glove-100d</c>).
    /// </summary>
    public string? Encoder { get; init; }

    /// <summary>
    /// How many documents labelled by the project's switched-on rules (and no one) this model also learnt from, each
    /// counting for less than an answer and less still as answers come or prove the rules wrong; 0 without rules.
    /// </summary>
    public int RuleLabelled { get; init; }

    /// <summary>Span-tagging projects: the tagger's cross-validated entity figures; null until 20 sentences are fully answered. <see cref="Labels"/> then counts the sentences the tagger learnt from.</summary>
    public EntityMetricsDto? Entities { get; init; }
}

/// <summary>
/// Progress of encoding a project's documents: <c>words</c> (their term frequencies, after an import) or a sentence
/// model's name such as <c>minilm</c> (their embeddings, in the background; the model learns from words alone meanwhile).
/// </summary>
public sealed record EncodingDto(int Done, int Total, string Stage);
