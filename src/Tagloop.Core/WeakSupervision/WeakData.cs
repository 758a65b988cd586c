using System.Globalization;
using System.Text.Json;

namespace Tagloop.Core.WeakSupervision;

/// <summary>A line of a weak-supervision data file: the text, its gold label when known, rule votes when carried (one per rule, -1 to abstain) and metadata.</summary>
public sealed record WeakRow(string Text, string? Label)
{
    /// <summary>The votes of the <c>--weak-labels-field</c>, one per rule: a class index or -1.</summary>
    public IReadOnlyList<int>? Votes { get; init; }

    /// <summary>The line's <c>meta</c> object, values as text (numbers and booleans in their JSON spelling).</summary>
    public IReadOnlyDictionary<string, string>? Meta { get; init; }
}

/// <summary>Reads JSONL for <c>tagloop weak</c> and the benchmarks: every problem names the file, the line and the field.</summary>
public static class WeakData
{
    /// <summary>Reads <paramref name="path"/>: <c>text</c> required; <c>label</c> required when <paramref name="labelRequired"/>; the votes array from <paramref name="votesField"/> when given.</summary>
    public static List<WeakRow> Read(string path, bool labelRequired, string? votesField = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file '{path}' does not exist.", path);
        }

        var name = Path.GetFileName(path);
        var rows = new List<WeakRow>();
        var number = 0;
        int? width = null;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{name} line {number}";
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: not valid JSON ({e.Message}).", e);
            }

            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"{where}: expected an object with a string field \"text\".");
                }

                string? label = null;
                if (root.TryGetProperty("label", out var labelElement) && labelElement.ValueKind != JsonValueKind.Null)
                {
                    label = labelElement.ValueKind == JsonValueKind.String && labelElement.GetString() is { Length: > 0 } l
                        ? l
                        : throw new InvalidDataException($"{where}: \"label\" must be a non-empty string.");
                }
                else if (labelRequired)
                {
                    throw new InvalidDataException($"{where}: \"label\" is required in this file (it is used to measure).");
                }

                int[]? votes = null;
                if (votesField is not null)
                {
                    if (!root.TryGetProperty(votesField, out var array) || array.ValueKind != JsonValueKind.Array)
                    {
                        throw new InvalidDataException($"{where}: \"{votesField}\" must be an array of votes (a class index, or -1 to abstain).");
                    }

                    votes = new int[array.GetArrayLength()];
                    var j = 0;
                    foreach (var vote in array.EnumerateArray())
                    {
                        if (vote.ValueKind != JsonValueKind.Number || !vote.TryGetInt32(out var v) || v < -1)
                        {
                            throw new InvalidDataException($"{where}: \"{votesField}\" item {j + 1} is {vote.GetRawText()}, not a class index or -1.");
                        }

                        votes[j++] = v;
                    }

                    width ??= votes.Length;
                    if (votes.Length != width)
                    {
                        throw new InvalidDataException($"{where}: \"{votesField}\" has {votes.Length} votes; earlier lines have {width}.");
                    }
                }

                Dictionary<string, string>? meta = null;
                if (root.TryGetProperty("meta", out var metaElement) && metaElement.ValueKind == JsonValueKind.Object)
                {
                    meta = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var property in metaElement.EnumerateObject())
                    {
                        meta[property.Name] = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString()!,
                            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                            _ => throw new InvalidDataException($"{where}: meta field \"{property.Name}\" must be a string, number or boolean."),
                        };
                    }
                }

                rows.Add(new WeakRow(text.GetString()!, label) { Votes = votes, Meta = meta });
            }
        }

        return rows.Count == 0 ? throw new InvalidDataException($"{name} holds no rows.") : rows;
    }

    /// <summary>
    /// The classes in vote order and the rules' names for a votes file: from <c>lfs.json</c> beside it when present
    /// (<c>{"labels": {"0": name, …}, "lfs": [{"name"?}, …]}</c>, the WRENCH layout), else the sorted label names and
    /// "rule 1", "rule 2", ….
    /// </summary>
    public static (IReadOnlyList<string> Classes, IReadOnlyList<string> RuleNames) VoteLayout(string path, IEnumerable<string> labels, int rules)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labels);
        var lfs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "lfs.json");
        var names = Enumerable.Range(1, rules).Select(i => string.Create(CultureInfo.InvariantCulture, $"rule {i}")).ToList();
        if (!File.Exists(lfs))
        {
            return ([.. labels.Distinct().Order(StringComparer.Ordinal)], names);
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(lfs));
            var map = json.RootElement.GetProperty("labels");
            var classes = new string[map.EnumerateObject().Count()];
            foreach (var entry in map.EnumerateObject())
            {
                var index = int.Parse(entry.Name, CultureInfo.InvariantCulture);
                if (index < 0 || index >= classes.Length || classes[index] is not null)
                {
                    throw new InvalidDataException($"lfs.json: label index {entry.Name} is out of order (expected 0 to {classes.Length - 1}, each once).");
                }

                classes[index] = entry.Value.GetString() ?? throw new InvalidDataException($"lfs.json: label {entry.Name} has no name.");
            }

            if (json.RootElement.TryGetProperty("lfs", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var lf in list.EnumerateArray())
                {
                    if (i < rules)
                    {
                        names[i] = lf.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!
                            : lf.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? string.Create(CultureInfo.InvariantCulture, $"rule {i + 1} ({l.GetString()})")
                            : names[i];
                    }

                    i++;
                }
            }

            return (classes, names);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"lfs.json beside {Path.GetFileName(path)}: {e.Message}", e);
        }
    }
}
