using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>Finds the import format from a name, a file extension or an HTTP content type.</summary>
public static class ImportFormatNames
{
    /// <summary>An explicit name wins; otherwise the file extension decides.</summary>
    public static Outcome<ImportFormat> Parse(string? name, string? fileName)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return FromName(name) is { } format
                ? format
                : Problem.Invalid("format", $"Unknown import format '{name}'; use csv, jsonl, prodigy or text.");
        }

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension switch
        {
            ".csv" => ImportFormat.Csv,
            ".jsonl" or ".ndjson" or ".json" => ImportFormat.Jsonl,
            ".txt" or ".text" => ImportFormat.Text,
            _ => Problem.Invalid("format", $"Cannot tell the format of '{fileName}' from its extension; pass --format csv, jsonl, prodigy or text."),
        };
    }

    /// <summary>An explicit name wins; otherwise the media type decides (text/csv, application/x-ndjson, text/plain).</summary>
    public static Outcome<ImportFormat> FromRequest(string? name, string? contentType)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return Parse(name, null);
        }

        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" => ImportFormat.Csv,
            "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/json" => ImportFormat.Jsonl,
            "text/plain" => ImportFormat.Text,
            _ => Problem.Invalid("Content-Type", $"Unsupported content type '{contentType}'; send text/csv, application/x-ndjson or text/plain, or pass ?format=csv|jsonl|prodigy|text."),
        };
    }

    private static ImportFormat? FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csv" => ImportFormat.Csv,
        "jsonl" or "ndjson" or "json" => ImportFormat.Jsonl,
        "prodigy" => ImportFormat.Prodigy,
        "text" or "txt" or "plain" => ImportFormat.Text,
        _ => null,
    };
}
