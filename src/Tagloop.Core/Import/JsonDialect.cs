namespace Tagloop.Core.Import;

/// <summary>Whose JSON records a file holds: each tool names the text, labels and metadata differently.</summary>
internal enum JsonDialect
{
    /// <summary>Tagloop's own (<c>text</c>, <c>label(s)</c>, <c>meta</c>), or any of the others, told apart record by record.</summary>
    Auto,

    /// <summary>Tagloop's own: <c>{"text", "label" | "labels", "meta"}</c>.</summary>
    Tagloop,

    Prodigy,

    /// <summary>Label Studio tasks: <c>{"id", "data": {"text", …}, "annotations": [{"result": [{"type": "choices", "value": {"choices": […]}}]}]}</c>.</summary>
    LabelStudio,

    /// <summary>doccano's text classification: <c>{"text", "label": […]}</c>; every other field becomes metadata.</summary>
    Doccano,

    /// <summary>Argilla records (and Hugging Face-style rows): v1 <c>{"text", "annotation", "metadata"}</c>, v2 <c>{"fields": {"text"}, "responses": {question: [{"value"}]}, "metadata"}</c>, or <c>{"text", "label"}</c>.</summary>
    Argilla,

    /// <summary>spaCy's text classification: <c>{"text", "cats": {label: score}, "meta"}</c>; a label applies from ½.</summary>
    Spacy,
}
