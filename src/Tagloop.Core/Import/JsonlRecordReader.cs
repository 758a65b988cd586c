using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// JSON Lines: one object per line, <c>{"text": "…", "meta": {…}?, "label": "a" | ["a", "b"]?}</c> or another tool's
/// record (<see cref="JsonDialect"/>). Blank lines are skipped.
/// </summary>
internal sealed class JsonlRecordReader(Stream stream, int maxLineBytes, JsonDialect dialect) : LineRecordReader(stream, maxLineBytes)
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
            // A line holding only "{" or "[" is JSON spread over lines: say what Tagloop reads instead.
            var spread = number == 1 && text.Trim() is "{" or "[" ? " (this looks like JSON spread over several lines: Tagloop reads one object per line, or a JSON array with --format json)" : "";
            return ParsedLine.Bad(number, $"not valid JSON{where}: {FirstSentence(e.Message)}{spread}");
        }

        using (document)
        {
            return JsonRecordShape.Read(number, document.RootElement, dialect);
        }
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

    internal static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
