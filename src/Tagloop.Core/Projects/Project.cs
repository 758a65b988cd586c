namespace Tagloop.Core.Projects;

/// <summary>A labelling project: a corpus, a taxonomy, guidelines and the annotations made on it.</summary>
public sealed class Project
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public ProjectTask Task { get; set; } = ProjectTask.Classification;

    public bool MultiLabel { get; set; }

    /// <summary>Annotation guidelines shown to annotators (plain text, rendered as text).</summary>
    public string Guidelines { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>How the model picks the next document: a name from <see cref="Tagloop.Learning.Acquisition.AcquisitionCatalog"/>.</summary>
    public string Strategy { get; set; } = Tagloop.Learning.Acquisition.AcquisitionCatalog.Default;

    /// <summary>
    /// What the model reads documents with: a name from <see cref="Tagloop.Learning.Encoders.TextEncoderCatalog.ProjectNames"/>.
    /// Projects made before sentence embeddings existed keep <c>tfidf</c> until it is changed.
    /// </summary>
    public string Encoder { get; set; } = Tagloop.Learning.Encoders.TextEncoderCatalog.Default;

    /// <summary>The share of documents (0–1) that <see cref="OverlapAnswers"/> people answer independently, for agreement.</summary>
    public double OverlapShare { get; set; }

    /// <summary>How many different people answer each overlap document (2–10).</summary>
    public int OverlapAnswers { get; set; } = Tasks.Overlap.MinAnswers;

    /// <summary>Span-tagging projects: whether one answer's spans may overlap (nested or crossing entities); off by default.</summary>
    public bool OverlappingSpans { get; set; }

    /// <summary>Span-tagging projects: what the queue shows at a time, <see cref="SpanUnits.Sentence"/> (the default) or <see cref="SpanUnits.Paragraph"/>.</summary>
    public string SpanUnit { get; set; } = SpanUnits.Sentence;

    public List<Taxonomy.Label> Labels { get; set; } = [];
}
