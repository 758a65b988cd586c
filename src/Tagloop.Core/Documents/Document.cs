namespace Tagloop.Core.Documents;

/// <summary>A text to label. Imported once; its text never changes.</summary>
public sealed class Document
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public required string Text { get; set; }

    /// <summary>SHA-256 of the UTF-8 text: finds exact duplicates within a project.</summary>
    public required byte[] TextHash { get; set; }

    /// <summary>A key derived from the text hash that gives a stable, well-mixed order for the unranked queue.</summary>
    public long ShuffleKey { get; set; }

    /// <summary>Metadata as a JSON object (string values or any JSON), as imported.</summary>
    public string? MetaJson { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>The import that brought the document; hidden from every query until that import completes. Null before imports were recorded.</summary>
    public long? ImportRunId { get; set; }
}
