using System.Text;
using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// The door every imported record passes, whatever format it came in: text, labels and metadata are valid Unicode
/// without NUL, the text is not blank, and the metadata is a bounded JSON object.
/// </summary>
internal static class RecordCheck
{
    public const int MaxLabelLength = 100;

    /// <summary>How deep metadata may nest: far more than any real record needs, and well inside what every JSON writer on the way out accepts.</summary>
    public const int MaxMetaDepth = 32;

    public static string? Problem(ImportRecord record, ImportOptions options)
    {
        if (UnicodeText.Problem(record.Text) is { } textProblem)
        {
            return "the text " + textProblem;
        }

        if (string.IsNullOrWhiteSpace(record.Text))
        {
            return "the text is empty";
        }

        foreach (var label in record.Labels)
        {
            if (UnicodeText.Problem(label) is { } labelProblem)
            {
                return $"the label '{UnicodeText.Quote(label)}' {labelProblem}";
            }

            if (label.Length > MaxLabelLength)
            {
                return $"the label '{UnicodeText.Quote(label)}' is longer than {MaxLabelLength} characters";
            }
        }

        return record.MetaJson is null ? null : MetaProblem(record.MetaJson, options.MaxMetaBytes);
    }

    private static string? MetaProblem(string metaJson, int maxBytes)
    {
        var size = Encoding.UTF8.GetByteCount(metaJson);
        if (size > maxBytes)
        {
            return $"the metadata is {Sizes.Describe(size)} of JSON, over the {Sizes.Describe(maxBytes)} limit";
        }

        try
        {
            using var meta = JsonDocument.Parse(metaJson);
            if (meta.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"the metadata must be a JSON object, found {JsonlRecordReader.Describe(meta.RootElement.ValueKind)}";
            }

            if (JsonText.Depth(meta.RootElement) is var depth and > MaxMetaDepth)
            {
                return $"the metadata is nested {depth} levels deep; at most {MaxMetaDepth} are allowed";
            }

            return JsonText.Problem(meta.RootElement, "meta");
        }
        catch (JsonException e)
        {
            return $"the metadata is not valid JSON: {e.Message}";
        }
    }
}
