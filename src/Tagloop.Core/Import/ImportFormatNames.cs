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
                : Problem.Invalid("format", $"Unknown import format '{UnicodeText.Quote(name, 40)}'; use {Known}.");
        }

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension switch
        {
            ".csv" => ImportFormat.Csv,
            ".jsonl" or ".ndjson" => ImportFormat.Jsonl,
            ".json" => ImportFormat.Json,
            ".txt" or ".text" => ImportFormat.Text,
            ".conll" => ImportFormat.Conll,
            _ => Problem.Invalid("format", $"Cannot tell the format of '{UnicodeText.Quote(fileName, 80)}' from its extension; pass --format {Known.Replace(" or ", "|", StringComparison.Ordinal).Replace(", ", "|", StringComparison.Ordinal)}."),
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
            "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" => ImportFormat.Jsonl,
            "application/json" => ImportFormat.Json,
            "text/plain" => ImportFormat.Text,
            _ => Problem.Invalid("Content-Type", $"Unsupported content type '{UnicodeText.Quote(contentType, 60)}'; send text/csv, application/x-ndjson, application/json or text/plain, or pass ?format= one of {Known}."),
        };
    }

    /// <summary>The names, as a message lists them.</summary>
    public const string Known = "csv, jsonl, json, prodigy, label-studio, doccano, argilla, spacy, conll, token-tags or text";

    /// <summary>The format's name, as --format and ?format= take it.</summary>
    public static string Name(ImportFormat format) => format switch
    {
        ImportFormat.LabelStudio => "label-studio",
        ImportFormat.TokenTags => "token-tags",
        _ => format.ToString().ToLowerInvariant(),
    };

    private static ImportFormat? FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csv" => ImportFormat.Csv,
        "jsonl" or "ndjson" => ImportFormat.Jsonl,
        "json" => ImportFormat.Json,
        "prodigy" => ImportFormat.Prodigy,
        "text" or "txt" or "plain" => ImportFormat.Text,
        "label-studio" or "labelstudio" => ImportFormat.LabelStudio,
        "doccano" => ImportFormat.Doccano,
        "argilla" or "huggingface" or "hf" => ImportFormat.Argilla,
        "spacy" => ImportFormat.Spacy,
        "conll" => ImportFormat.Conll,
        "token-tags" or "tokens" => ImportFormat.TokenTags,
        _ => null,
    };
}
