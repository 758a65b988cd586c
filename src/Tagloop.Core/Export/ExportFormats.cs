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
        _ => Problem.Invalid("format", $"Unknown export format '{UnicodeText.Quote(name, 40)}'; use jsonl, csv, prodigy, label-studio, doccano, argilla or spacy."),
    };

    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => ".csv",
        ExportFormat.Prodigy => ".prodigy.jsonl",
        ExportFormat.LabelStudio => ".label-studio.json",
        ExportFormat.Doccano => ".doccano.jsonl",
        ExportFormat.Argilla => ".argilla.jsonl",
        ExportFormat.Spacy => ".spacy.jsonl",
        _ => ".jsonl",
    };

    public static string MediaType(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.LabelStudio => "application/json; charset=utf-8",
        _ => "application/x-ndjson; charset=utf-8",
    };
}
