using Tagloop.Core.Common;

namespace Tagloop.Core.Export;

/// <summary>Names, file extensions and media types of export formats.</summary>
public static class ExportFormats
{
    public static Outcome<ExportFormat> Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "jsonl" => ExportFormat.Jsonl,
        "csv" => ExportFormat.Csv,
        "prodigy" => ExportFormat.Prodigy,
        "label-studio" or "labelstudio" => ExportFormat.LabelStudio,
        "doccano" => ExportFormat.Doccano,
        "argilla" or "huggingface" or "hf" => ExportFormat.Argilla,
        "spacy" => ExportFormat.Spacy,
        "conll" => ExportFormat.Conll,
        "token-tags" or "tokens" => ExportFormat.TokenTags,
        _ => Problem.Invalid("format", $"Unknown export format '{UnicodeText.Quote(name, 40)}'; use jsonl, csv, prodigy, label-studio, doccano, argilla, spacy, conll or token-tags."),
    };

    /// <summary>
    /// Why a project cannot be exported in a format, or null when it can: conll and token-tags need a span-tagging
    /// project; argilla writes document labels, which span-tagging projects do not have.
    /// </summary>
    public static Problem? Unsuited(ExportFormat format, Projects.ProjectTask task) => (format, task) switch
    {
        (ExportFormat.Conll or ExportFormat.TokenTags, not Projects.ProjectTask.SpanTagging) =>
            Problem.Invalid("format", $"{Name(format)} holds entity tags; this project classifies whole documents (export it as jsonl, csv, prodigy, label-studio, doccano, argilla or spacy)."),
        (ExportFormat.Argilla, Projects.ProjectTask.SpanTagging) =>
            Problem.Invalid("format", "argilla is written for classification projects; export a span-tagging project as conll, token-tags, jsonl, csv, prodigy, label-studio, doccano or spacy."),
        _ => null,
    };

    /// <summary>The format's name, as ?format= and --format take it.</summary>
    public static string Name(this ExportFormat format) => format switch
    {
        ExportFormat.LabelStudio => "label-studio",
        ExportFormat.TokenTags => "token-tags",
        _ => format.ToString().ToLowerInvariant(),
    };

    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => ".csv",
        ExportFormat.Prodigy => ".prodigy.jsonl",
        ExportFormat.LabelStudio => ".label-studio.json",
        ExportFormat.Doccano => ".doccano.jsonl",
        ExportFormat.Argilla => ".argilla.jsonl",
        ExportFormat.Spacy => ".spacy.jsonl",
        ExportFormat.Conll => ".conll",
        ExportFormat.TokenTags => ".tokens.jsonl",
        _ => ".jsonl",
    };

    public static string MediaType(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.LabelStudio => "application/json; charset=utf-8",
        ExportFormat.Conll => "text/plain; charset=utf-8",
        _ => "application/x-ndjson; charset=utf-8",
    };
}
