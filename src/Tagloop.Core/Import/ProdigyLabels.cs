using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Core.Import;

/// <summary>
/// Reads the answer of a Prodigy task: a <c>label</c> with <c>answer</c> accept (the label applies), reject or
/// ignore (the text comes without a label); or multiple choice, <c>options</c> [{id, text}] with <c>accept</c> [ids].
/// </summary>
internal static class ProdigyLabels
{
    public static LabelsOrError Read(JsonElement task)
    {
        var answer = "accept";
        if (task.TryGetProperty("answer", out var answerElement) && answerElement.ValueKind != JsonValueKind.Null)
        {
            if (answerElement.ValueKind != JsonValueKind.String || answerElement.GetString() is not ("accept" or "reject" or "ignore"))
            {
                return new([], $"\"answer\" must be \"accept\", \"reject\" or \"ignore\", found {UnicodeText.Quote(answerElement.GetRawText(), 40)}");
            }

            answer = answerElement.GetString()!;
        }

        if (task.TryGetProperty("accept", out var accept) && accept.ValueKind != JsonValueKind.Null)
        {
            return answer == "accept" ? Choices(task, accept) : new([], null);
        }

        if (task.TryGetProperty("label", out var label) && label.ValueKind != JsonValueKind.Null)
        {
            var labels = StringOrArray(label, "label");
            return labels.Error is not null || answer == "accept" ? labels : new([], null);
        }

        return new([], null);
    }

    public static LabelsOrError StringOrArray(JsonElement label, string field)
    {
        switch (label.ValueKind)
        {
            case JsonValueKind.Null:
                return new([], null);
            case JsonValueKind.String:
                var single = label.GetString()!.Trim();
                return single.Length == 0 ? new([], null) : new([single], null);
            case JsonValueKind.Array:
                var labels = new List<string>();
                foreach (var item in label.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                    {
                        return new([], $"\"{field}\" must hold label names (strings), found {JsonlRecordReader.Describe(item.ValueKind)}");
                    }

                    labels.Add(item.GetString()!.Trim());
                }

                return new(labels, null);
            default:
                return new([], $"\"{field}\" must be a label name or a list of names, found {JsonlRecordReader.Describe(label.ValueKind)}");
        }
    }

    private static LabelsOrError Choices(JsonElement task, JsonElement accept)
    {
        if (accept.ValueKind != JsonValueKind.Array)
        {
            return new([], $"\"accept\" must be a list of option ids, found {JsonlRecordReader.Describe(accept.ValueKind)}");
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (task.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in options.EnumerateArray())
            {
                if (option.ValueKind == JsonValueKind.Object && option.TryGetProperty("id", out var id))
                {
                    var text = option.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : id.ToString();
                    names[id.ToString()] = text;
                }
            }
        }

        var labels = new List<string>();
        foreach (var id in accept.EnumerateArray())
        {
            var key = id.ToString();
            if (names.Count > 0 && !names.ContainsKey(key))
            {
                return new([], $"\"accept\" names option {UnicodeText.Quote(id.GetRawText(), 40)}, which is not among the task's \"options\"");
            }

            // Option ids are often the label names themselves; the option text is the fallback.
            labels.Add(names.TryGetValue(key, out var text) && id.ValueKind != JsonValueKind.String ? text : key);
        }

        return new(labels, null);
    }
}
