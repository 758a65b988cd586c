using System.Globalization;
using System.Text.Json;
using Tagloop.Core.Common;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Import;

/// <summary>Pre-annotated spans read from a JSON record, or what is wrong with them (naming the field and the value).</summary>
internal readonly record struct SpansOrError(IReadOnlyList<ImportSpan>? Spans, string? Error)
{
    public static SpansOrError None => default;

    public static SpansOrError Bad(string error) => new(null, error);
}

/// <summary>
/// Reads span offsets from JSON records and converts them to UTF-16 code units of the text: Tagloop's own records count
/// UTF-16 code units, as the API does; Prodigy, spaCy, doccano and Label Studio count Unicode code points (Python's
/// string indices). Offsets must be whole numbers with 0 ≤ start &lt; end ≤ the text's length in that unit.
/// </summary>
internal sealed class JsonSpans(string text, bool codePoints)
{
    private OffsetMap? map;

    /// <summary>
    /// A list of spans in <paramref name="field"/>: each an object with the named start, end and label fields, or an array
    /// <c>[start, end, label]</c>.
    /// </summary>
    public SpansOrError List(JsonElement array, string field, string startName = "start", string endName = "end", string labelName = "label")
    {
        if (array.ValueKind == JsonValueKind.Null)
        {
            return SpansOrError.None;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return SpansOrError.Bad($"\"{field}\" must be a list of spans, found {JsonlRecordReader.Describe(array.ValueKind)}");
        }

        var spans = new List<ImportSpan>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = $"{field}[{i++}]";
            string? error;
            ImportSpan? span;
            if (item.ValueKind == JsonValueKind.Object)
            {
                (span, error) = Span(name, item, startName, endName, labelName);
            }
            else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 3)
            {
                (span, error) = Span(name, item[0], item[1], item[2], name + "[0]", name + "[1]", name + "[2]");
            }
            else
            {
                return SpansOrError.Bad($"{name} must be {{\"{startName}\", \"{endName}\", \"{labelName}\"}} or [start, end, label], found {Value(item)}");
            }

            if (error is not null)
            {
                return SpansOrError.Bad(error);
            }

            spans.Add(span!);
        }

        return new(spans, null);
    }

    /// <summary>One span held as an object's start, end and label fields.</summary>
    public (ImportSpan? Span, string? Error) Span(string name, JsonElement item, string startName, string endName, string labelName)
    {
        foreach (var required in new[] { startName, endName, labelName })
        {
            if (!item.TryGetProperty(required, out _))
            {
                return (null, $"{name} has no \"{required}\"");
            }
        }

        return Span(name, item.GetProperty(startName), item.GetProperty(endName), item.GetProperty(labelName), $"{name}.{startName}", $"{name}.{endName}", $"{name}.{labelName}");
    }

    /// <summary>One span from its three values, each named by its field for messages.</summary>
    public (ImportSpan? Span, string? Error) Span(string name, JsonElement start, JsonElement end, JsonElement label, string startField, string endField, string labelField)
    {
        if (label.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(label.GetString()))
        {
            return (null, $"{labelField} must be an entity type's name (a string), found {Value(label)}");
        }

        var (from, to, error) = Offsets(name, start, end, startField, endField);
        return error is not null ? (null, error) : (new ImportSpan(from, to, label.GetString()!.Trim(), name), null);
    }

    /// <summary>A start and end offset, checked and converted to UTF-16.</summary>
    public (int Start, int End, string? Error) Offsets(string name, JsonElement start, JsonElement end, string startField, string endField)
    {
        var length = codePoints ? (map ??= new OffsetMap(text)).CodePointLength : text.Length;
        if (Whole(start, startField) is { } notStart)
        {
            return (0, 0, notStart);
        }

        if (Whole(end, endField) is { } notEnd)
        {
            return (0, 0, notEnd);
        }

        var from = start.GetInt32();
        var to = end.GetInt32();
        if (from < 0)
        {
            return (0, 0, $"{startField} is {from}: offsets start at 0");
        }

        if (to > length)
        {
            return (0, 0, $"{endField} is {to}, past the end of the text ({Length(length)})");
        }

        if (to <= from)
        {
            return (0, 0, $"{endField} is {to}, not after {name}'s start {from}");
        }

        if (codePoints)
        {
            return (map!.ToUtf16(from), map.ToUtf16(to), null);
        }

        foreach (var (offset, field) in new[] { (from, startField), (to, endField) })
        {
            if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]))
            {
                return (0, 0, $"{field} is {offset}, between the two UTF-16 code units of one character ('{text.Substring(offset - 1, 2)}'); this format counts UTF-16 code units");
            }
        }

        return (from, to, null);
    }

    private string Length(int length) => codePoints
        ? $"{length.ToString(CultureInfo.InvariantCulture)} code points"
        : $"{length.ToString(CultureInfo.InvariantCulture)} UTF-16 code units";

    private static string? Whole(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : $"{field} is {Value(value)}, not a whole number";

    /// <summary>A JSON value as a message shows it: its JSON text, shortened.</summary>
    internal static string Value(JsonElement value) => UnicodeText.Quote(value.GetRawText(), 40);
}
