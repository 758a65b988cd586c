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
        _ => Problem.Invalid("format", $"Unknown export format '{name}'; use jsonl, csv or prodigy."),
    };

    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Csv => ".csv",
        ExportFormat.Prodigy => ".prodigy.jsonl",
        _ => ".jsonl",
    };

    public static string MediaType(this ExportFormat format) => format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
}
