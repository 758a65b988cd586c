namespace Tagloop.Core.Export;

/// <summary>File formats annotations can be exported to.</summary>
public enum ExportFormat
{
    Jsonl,
    Csv,
    Prodigy,

    /// <summary>Label Studio tasks (a JSON array; one task per document, an annotation per annotator).</summary>
    LabelStudio,

    /// <summary>doccano's text classification JSONL.</summary>
    Doccano,

    /// <summary>Argilla / Hugging Face-style records (JSONL).</summary>
    Argilla,

    /// <summary>spaCy's text classification JSONL (<c>cats</c> with every label of the project).</summary>
    Spacy,
}
