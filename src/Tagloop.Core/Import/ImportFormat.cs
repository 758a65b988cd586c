namespace Tagloop.Core.Import;

/// <summary>File formats documents can be imported from.</summary>
public enum ImportFormat
{
    Csv,

    /// <summary>JSON Lines: one object per line.</summary>
    Jsonl,

    Prodigy,
    Text,

    /// <summary>JSON: an array of records (pretty-printed or not), or JSON Lines; each record in whichever tool's shape it has.</summary>
    Json,

    /// <summary>Label Studio's JSON export of tasks (an array; JSON Lines too).</summary>
    LabelStudio,

    /// <summary>doccano's JSONL export for text classification.</summary>
    Doccano,

    /// <summary>Argilla records and Hugging Face-style rows (JSON Lines or an array).</summary>
    Argilla,

    /// <summary>spaCy's text classification JSONL (<c>cats</c>).</summary>
    Spacy,
}
