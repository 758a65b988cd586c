using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// One JSON object of an import — a line of JSON Lines or an item of a JSON array — read as a record in the dialect of
/// the tool it comes from (<see cref="JsonDialect"/>): its text, metadata and labels, or a message naming what is wrong.
/// </summary>
internal static class JsonRecordShape
{
    public static ParsedLine Read(long number, JsonElement root, JsonDialect dialect)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParsedLine.Bad(number, $"expected a JSON object such as {{\"text\": \"…\"}}, found {JsonlRecordReader.Describe(root.ValueKind)}");
        }

        // Escapes can smuggle invalid text (\ud800, \u0000) through valid UTF-8: check every field first.
        if (JsonText.Problem(root, "") is { } problem)
        {
            return ParsedLine.Bad(number, problem);
        }

        var shape = dialect == JsonDialect.Auto ? Recognise(root) : dialect;
        var (textElement, textField) = shape switch
        {
            JsonDialect.LabelStudio => (LabelStudioText(root), "data.text"),
            JsonDialect.Argilla when root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object => (Property(fields, "text"), "fields.text"),
            _ => (Property(root, "text"), "text"),
        };
        if (textElement is not { } text || text.ValueKind == JsonValueKind.Null)
        {
            return ParsedLine.Bad(number, shape == JsonDialect.LabelStudio
                ? "the task has no \"data\" object with a \"text\" (Label Studio tasks hold their text in data.text)"
                : root.TryGetProperty("tokens", out _) && root.TryGetProperty("tags", out _)
                ? $"the object has no \"{textField}\" field; a file of {{\"tokens\", \"tags\"}} lines is imported with format token-tags"
                : $"the object has no \"{textField}\" field");
        }

        if (text.ValueKind != JsonValueKind.String)
        {
            return ParsedLine.Bad(number, $"\"{textField}\" must be a string, found {JsonlRecordReader.Describe(text.ValueKind)}");
        }

        var documentText = text.GetString()!;
        if (string.IsNullOrWhiteSpace(documentText))
        {
            return ParsedLine.Bad(number, $"\"{textField}\" is empty");
        }

        var meta = Meta(root, shape);
        if (meta.Error is not null)
        {
            return ParsedLine.Bad(number, meta.Error);
        }

        var labels = shape switch
        {
            JsonDialect.Prodigy => ProdigyLabels.Read(root),
            JsonDialect.LabelStudio => LabelStudioLabels(root),
            JsonDialect.Spacy => SpacyLabels(root),
            JsonDialect.Argilla => ArgillaLabels(root),
            JsonDialect.Doccano => DoccanoLabels(root),
            _ => PlainLabels(root),
        };
        if (labels.Error is not null)
        {
            return ParsedLine.Bad(number, labels.Error);
        }

        var spans = SpanShapes.Read(root, shape, documentText);
        return spans.Error is not null
            ? ParsedLine.Bad(number, spans.Error)
            : ParsedLine.Of(new ImportRecord(number, documentText, meta.Json, labels.Labels) { Spans = spans.Spans });
    }

    /// <summary>Which tool a record of unknown origin comes from, by the fields only that tool writes.</summary>
    private static JsonDialect Recognise(JsonElement root) =>
        root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && !root.TryGetProperty("text", out _) ? JsonDialect.LabelStudio
        : root.TryGetProperty("cats", out var cats) && cats.ValueKind == JsonValueKind.Object ? JsonDialect.Spacy
        : SpanShapes.IsDoccano(root) ? JsonDialect.Doccano
        : root.TryGetProperty("ents", out _) || (root.TryGetProperty("entities", out _) && !root.TryGetProperty("spans", out _)) ? JsonDialect.Spacy
        : (root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object) || root.TryGetProperty("annotation", out _) || root.TryGetProperty("responses", out _) ? JsonDialect.Argilla
        : root.TryGetProperty("answer", out _) || root.TryGetProperty("accept", out _) || root.TryGetProperty("_input_hash", out _) || root.TryGetProperty("_task_hash", out _) ? JsonDialect.Prodigy
        : JsonDialect.Tagloop;

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    // Label Studio keeps the text under the name the labelling config gave it: "text" by convention, else the one string.
    private static JsonElement? LabelStudioText(JsonElement root)
    {
        if (Property(root, "data") is not { ValueKind: JsonValueKind.Object } data)
        {
            return null;
        }

        if (Property(data, "text") is { } text)
        {
            return text;
        }

        var strings = data.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToList();
        return strings.Count == 1 ? strings[0].Value : null;
    }

    private static (string? Json, string? Error) Meta(JsonElement root, JsonDialect shape)
    {
        switch (shape)
        {
            case JsonDialect.LabelStudio:
                // The task's id and every data field but the text.
                var data = Property(root, "data")!.Value;
                var textName = Property(data, "text") is null ? data.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.String).Name : "text";
                var kept = new List<JsonProperty>();
                if (Field(root, "id") is { } id)
                {
                    kept.Add(id);
                }

                kept.AddRange(data.EnumerateObject().Where(p => p.Name != textName));
                return (Object(kept), null);
            case JsonDialect.Doccano:
                return (Object(root.EnumerateObject().Where(p => p.Name is not ("text" or "label" or "labels" or "entities" or "relations"))), null);
            case JsonDialect.Argilla:
                return ObjectField(root, Property(root, "metadata") is not null ? "metadata" : "meta");
            default:
                return ObjectField(root, "meta");
        }
    }

    private static JsonProperty? Field(JsonElement root, string name) =>
        root.EnumerateObject().Where(p => p.Name == name).Select(p => (JsonProperty?)p).FirstOrDefault();

    private static (string? Json, string? Error) ObjectField(JsonElement root, string name)
    {
        if (Property(root, name) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        return value.ValueKind == JsonValueKind.Object
            ? (value.GetRawText(), null)
            : (null, $"\"{name}\" must be an object, found {JsonlRecordReader.Describe(value.ValueKind)}");
    }

    private static string? Object(IEnumerable<JsonProperty> properties)
    {
        var present = properties.Where(p => p.Value.ValueKind != JsonValueKind.Null).ToList();
        if (present.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in present.DistinctBy(p => p.Name))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // doccano's sequence labelling keeps spans ([start, end, "TYPE"]) in "label": those are read as spans, not labels.
    private static LabelsOrError DoccanoLabels(JsonElement root)
    {
        if (Property(root, "label") is { ValueKind: JsonValueKind.Array } label && label.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.Array))
        {
            return label.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Array)
                ? new([], null)
                : new([], "\"label\" mixes label names with [start, end, label] spans; a doccano record holds one or the other");
        }

        return PlainLabels(root);
    }

    private static LabelsOrError PlainLabels(JsonElement root) =>
        root.TryGetProperty("label", out var label) || root.TryGetProperty("labels", out label)
            ? ProdigyLabels.StringOrArray(label, root.TryGetProperty("label", out _) ? "label" : "labels")
            : new LabelsOrError([], null);

    // The choices of the last annotation that was not cancelled; predictions are the model's, not answers.
    private static LabelsOrError LabelStudioLabels(JsonElement root)
    {
        if (Property(root, "annotations") is not { } annotations || annotations.ValueKind == JsonValueKind.Null)
        {
            return new([], null);
        }

        if (annotations.ValueKind != JsonValueKind.Array)
        {
            return new([], $"\"annotations\" must be a list, found {JsonlRecordReader.Describe(annotations.ValueKind)}");
        }

        var last = annotations.EnumerateArray().LastOrDefault(a => a.ValueKind == JsonValueKind.Object && Property(a, "was_cancelled") is not { ValueKind: JsonValueKind.True });
        if (last.ValueKind != JsonValueKind.Object || Property(last, "result") is not { ValueKind: JsonValueKind.Array } result)
        {
            return new([], null);
        }

        var labels = new List<string>();
        foreach (var item in result.EnumerateArray())
        {
            if (Property(item, "value") is { ValueKind: JsonValueKind.Object } value && Property(value, "choices") is { } choices)
            {
                var read = ProdigyLabels.StringOrArray(choices, "annotations[].result[].value.choices");
                if (read.Error is not null)
                {
                    return read;
                }

                labels.AddRange(read.Labels);
            }
        }

        return new([.. labels.Distinct(StringComparer.Ordinal)], null);
    }

    private static LabelsOrError SpacyLabels(JsonElement root)
    {
        if (Property(root, "cats") is not { } cats || cats.ValueKind == JsonValueKind.Null)
        {
            return new([], null);
        }

        if (cats.ValueKind != JsonValueKind.Object)
        {
            return new([], $"\"cats\" must be an object of label scores, found {JsonlRecordReader.Describe(cats.ValueKind)}");
        }

        var labels = new List<string>();
        foreach (var cat in cats.EnumerateObject())
        {
            if (cat.Value.ValueKind is not (JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) || (cat.Value.ValueKind == JsonValueKind.Number && !cat.Value.TryGetDouble(out _)))
            {
                return new([], $"\"cats\" scores must be numbers from 0 to 1; \"{UnicodeText.Quote(cat.Name, 40)}\" is {JsonlRecordReader.Describe(cat.Value.ValueKind)}");
            }

            var applies = cat.Value.ValueKind == JsonValueKind.True || (cat.Value.ValueKind == JsonValueKind.Number && cat.Value.GetDouble() >= 0.5);
            if (applies && !string.IsNullOrWhiteSpace(cat.Name))
            {
                labels.Add(cat.Name.Trim());
            }
        }

        return new(labels, null);
    }

    // v1: "annotation" (a name or names); v2: the first question's responses (each {"value": …}); else "label(s)".
    private static LabelsOrError ArgillaLabels(JsonElement root)
    {
        if (Property(root, "annotation") is { } annotation)
        {
            return ProdigyLabels.StringOrArray(annotation, "annotation");
        }

        if (Property(root, "responses") is { ValueKind: JsonValueKind.Object } responses)
        {
            var question = responses.EnumerateObject().FirstOrDefault();
            if (question.Value.ValueKind != JsonValueKind.Array)
            {
                return new([], null);
            }

            var labels = new List<string>();
            foreach (var response in question.Value.EnumerateArray())
            {
                if (Property(response, "value") is { } value)
                {
                    var read = ProdigyLabels.StringOrArray(value, $"responses.{question.Name}[].value");
                    if (read.Error is not null)
                    {
                        return read;
                    }

                    labels.AddRange(read.Labels);
                }
            }

            return new([.. labels.Distinct(StringComparer.Ordinal)], null);
        }

        return PlainLabels(root);
    }
}
