using System.Text.Json;

namespace Tagloop.Core.Import;

/// <summary>
/// Where each tool keeps pre-annotated spans in a record, and in which unit: Tagloop's <c>spans</c> (UTF-16 code units,
/// as the API), Prodigy's <c>spans</c>, spaCy's <c>entities</c>/<c>ents</c>, doccano's <c>label</c> (or <c>entities</c>
/// with <c>start_offset</c>/<c>end_offset</c>) and Label Studio's <c>labels</c> results (code points). A record that does
/// not answer — no such field, a skipped or rejected one, a task without annotations — has no spans (null); an answer
/// without entities has an empty list.
/// </summary>
internal static class SpanShapes
{
    public static SpansOrError Read(JsonElement root, JsonDialect shape, string text) => shape switch
    {
        JsonDialect.Prodigy => Prodigy(root, text),
        JsonDialect.Spacy => Spacy(root, text),
        JsonDialect.Doccano => Doccano(root, text),
        JsonDialect.LabelStudio => LabelStudio(root, text),
        JsonDialect.Tagloop or JsonDialect.Auto => Tagloop(root, text),
        _ => SpansOrError.None,
    };

    /// <summary>A doccano sequence-labelling record: <c>label</c> holding <c>[start, end, label]</c> arrays, or <c>entities</c> with <c>start_offset</c>.</summary>
    public static bool IsDoccano(JsonElement root) =>
        (root.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.Array && label.GetArrayLength() > 0 && label[0].ValueKind == JsonValueKind.Array)
        || (root.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array && entities.GetArrayLength() > 0
            && entities[0].ValueKind == JsonValueKind.Object && entities[0].TryGetProperty("start_offset", out _));

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static SpansOrError Tagloop(JsonElement root, string text)
    {
        if (Property(root, "skipped") is { ValueKind: JsonValueKind.True } || Property(root, "spans") is not { } spans)
        {
            return SpansOrError.None;
        }

        return new JsonSpans(text, codePoints: false).List(spans, "spans");
    }

    // Prodigy's answer decides as for labels: only an accepted task's spans are entities.
    private static SpansOrError Prodigy(JsonElement root, string text)
    {
        if (Property(root, "spans") is not { } spans
            || (Property(root, "answer") is { } answer && !(answer.ValueKind == JsonValueKind.String && answer.GetString() == "accept")))
        {
            return SpansOrError.None;
        }

        return new JsonSpans(text, codePoints: true).List(spans, "spans");
    }

    private static SpansOrError Spacy(JsonElement root, string text)
    {
        var name = Property(root, "entities") is not null ? "entities" : "ents";
        return Property(root, name) is { } entities ? new JsonSpans(text, codePoints: true).List(entities, name) : SpansOrError.None;
    }

    private static SpansOrError Doccano(JsonElement root, string text)
    {
        var spans = new JsonSpans(text, codePoints: true);
        if (Property(root, "entities") is { } entities)
        {
            return spans.List(entities, "entities", "start_offset", "end_offset", "label");
        }

        // An empty "label" is as likely a document nobody labelled as one without entities: it brings no answer.
        return Property(root, "label") is { ValueKind: JsonValueKind.Array } label && label.GetArrayLength() > 0 && label[0].ValueKind == JsonValueKind.Array
            ? spans.List(label, "label")
            : SpansOrError.None;
    }

    // The "labels" results of the last annotation that was not cancelled, as for choices; one span per label it names.
    private static SpansOrError LabelStudio(JsonElement root, string text)
    {
        if (Property(root, "annotations") is not { ValueKind: JsonValueKind.Array } annotations)
        {
            return SpansOrError.None;
        }

        var index = -1;
        JsonElement? last = null;
        var i = 0;
        foreach (var annotation in annotations.EnumerateArray())
        {
            if (annotation.ValueKind == JsonValueKind.Object && Property(annotation, "was_cancelled") is not { ValueKind: JsonValueKind.True })
            {
                (last, index) = (annotation, i);
            }

            i++;
        }

        if (last is not { } chosen || Property(chosen, "result") is not { ValueKind: JsonValueKind.Array } result)
        {
            return SpansOrError.None;
        }

        var reader = new JsonSpans(text, codePoints: true);
        var spans = new List<ImportSpan>();
        var r = 0;
        var answersSpans = false;
        foreach (var item in result.EnumerateArray())
        {
            var name = $"annotations[{index}].result[{r++}]";
            var type = Property(item, "type");
            if (type is { ValueKind: JsonValueKind.String } && type.Value.GetString() != "labels")
            {
                continue;
            }

            if (Property(item, "value") is not { ValueKind: JsonValueKind.Object } value || Property(value, "labels") is not { } labels)
            {
                continue;
            }

            answersSpans = true;
            if (labels.ValueKind != JsonValueKind.Array)
            {
                return SpansOrError.Bad($"{name}.value.labels must be a list of entity types, found {JsonSpans.Value(labels)}");
            }

            foreach (var required in new[] { "start", "end" })
            {
                if (Property(value, required) is null)
                {
                    return SpansOrError.Bad($"{name}.value has no \"{required}\"");
                }
            }

            var l = 0;
            foreach (var label in labels.EnumerateArray())
            {
                var (span, error) = reader.Span(name, value.GetProperty("start"), value.GetProperty("end"), label, $"{name}.value.start", $"{name}.value.end", $"{name}.value.labels[{l++}]");
                if (error is not null)
                {
                    return SpansOrError.Bad(error);
                }

                spans.Add(span!);
            }
        }

        // An answer of choices only (classification) carries no spans; an empty result answers "no entities".
        return answersSpans || result.GetArrayLength() == 0 ? new(spans, null) : SpansOrError.None;
    }
}
