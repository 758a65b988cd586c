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

    /// <summary>spaCy's JSONL: <c>cats</c> with every label of the project, or, for span-tagging projects, <c>entities</c> in code points.</summary>
    Spacy,

    /// <summary>CoNLL, IOB2, <c>TOKEN TAG</c> per line (span-tagging projects).</summary>
    Conll,

    /// <summary>JSON Lines of tagged sentences, <c>{"tokens", "tags"}</c> in IOB2 (span-tagging projects).</summary>
    TokenTags,
}
