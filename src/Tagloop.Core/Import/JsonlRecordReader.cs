using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// JSON Lines: <c>{"text": "…", "meta": {…}?, "label": "a" | ["a", "b"]?}</c> per line, or Prodigy tasks when
/// <paramref name="prodigy"/> is set. Blank lines are skipped.
/// </summary>
internal sealed class JsonlRecordReader(Stream stream, int maxLineBytes, bool prodigy) : LineRecordReader(stream, maxLineBytes)
{
    protected override ParsedLine Parse(long number, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            var where = e.BytePositionInLine is { } position ? $" at character {position + 1}" : "";
            return ParsedLine.Bad(number, $"not valid JSON{where}: {FirstSentence(e.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedLine.Bad(number, $"expected a JSON object such as {{\"text\": \"…\"}}, found {Describe(root.ValueKind)}");
            }

            // Escapes can smuggle invalid text (\ud800, \u0000) through a valid UTF-8 line: check every field first.
            if (JsonText.Problem(root, "") is { } problem)
            {
                return ParsedLine.Bad(number, problem);
            }

            if (!root.TryGetProperty("text", out var textElement) || textElement.ValueKind == JsonValueKind.Null)
            {
                return ParsedLine.Bad(number, "the object has no \"text\" field");
            }

            if (textElement.ValueKind != JsonValueKind.String)
            {
                return ParsedLine.Bad(number, $"\"text\" must be a string, found {Describe(textElement.ValueKind)}");
            }

            var documentText = textElement.GetString()!;
            if (string.IsNullOrWhiteSpace(documentText))
            {
                return ParsedLine.Bad(number, "\"text\" is empty");
            }

            string? meta = null;
            if (root.TryGetProperty("meta", out var metaElement) && metaElement.ValueKind != JsonValueKind.Null)
            {
                if (metaElement.ValueKind != JsonValueKind.Object)
                {
                    return ParsedLine.Bad(number, $"\"meta\" must be an object, found {Describe(metaElement.ValueKind)}");
                }

                meta = metaElement.GetRawText();
            }

            var labels = prodigy ? ProdigyLabels.Read(root) : PlainLabels(root);
            return labels.Error is not null
                ? ParsedLine.Bad(number, labels.Error)
                : ParsedLine.Of(new ImportRecord(number, documentText, meta, labels.Labels));
        }
    }

    private static LabelsOrError PlainLabels(JsonElement root)
    {
        if (!root.TryGetProperty("label", out var label) && !root.TryGetProperty("labels", out label))
        {
            return new LabelsOrError([], null);
        }

        return ProdigyLabels.StringOrArray(label, "label");
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
