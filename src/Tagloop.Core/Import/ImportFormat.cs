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

    /// <summary>spaCy's JSONL: text classification (<c>cats</c>) or entities (<c>entities</c>/<c>ents</c>, code points).</summary>
    Spacy,

    /// <summary>CoNLL token-per-line files with entity tags (2–4 columns; IOB1, IOB2 or BILOU), for span-tagging projects.</summary>
    Conll,

    /// <summary>JSON Lines of tagged sentences, <c>{"tokens": […], "tags": […]}</c>, for span-tagging projects.</summary>
    TokenTags,
}
