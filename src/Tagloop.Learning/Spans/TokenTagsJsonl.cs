using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tagloop.Learning.Spans;

/// <summary>The sentences of a token/tag JSONL file with IOB2 tags, and the scheme the file's tags were read in.</summary>
public sealed record TokenTagsFile(IReadOnlyList<TaggedSentence> Sentences, TagScheme Scheme);

/// <summary>
/// Reads and writes JSON Lines of tokenised, tagged sentences: one object per line, <c>{"tokens": ["EU", ...], "tags":
/// ["B-ORG", ...]}</c>, as many tags as tokens, each tag "O" or prefix-TYPE. Other fields are ignored; blank lines are
/// skipped. Tags are converted to IOB2.
/// </summary>
public static class TokenTagsJsonl
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads a whole file, its tags in <paramref name="scheme"/> or, when null, in the scheme
    /// <see cref="TagSchemes.Detect(IEnumerable{IReadOnlyList{string}})"/> finds over the whole file.
    /// </summary>
    /// <exception cref="FormatException">A line is not such an object; the message names the line and the field.</exception>
    public static TokenTagsFile Read(TextReader reader, TagScheme? scheme = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var raw = new List<(string[] Tokens, string[] Tags)>();
        var evidence = new TagSchemeEvidence();
        foreach (var sentence in ReadRaw(reader, scheme))
        {
            if (scheme is null)
            {
                evidence.Add(sentence.Tags);
            }

            raw.Add(sentence);
        }

        var used = scheme ?? evidence.Guess();
        return new TokenTagsFile([.. raw.Select(s => new TaggedSentence(s.Tokens, TagSchemes.ToIob2(s.Tags, used)))], used);
    }

    /// <summary>Reads sentences one line at a time, their tags in <paramref name="scheme"/> converted to IOB2.</summary>
    /// <exception cref="FormatException">A line is not such an object; raised when the enumeration reaches it.</exception>
    public static IEnumerable<TaggedSentence> ReadSentences(TextReader reader, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRaw(reader, scheme).Select(s => new TaggedSentence(s.Tokens, TagSchemes.ToIob2(s.Tags, scheme)));
    }

    /// <summary>Writes one <c>{"tokens": [...], "tags": [...]}</c> line ("\n") per sentence, non-ASCII text unescaped.</summary>
    /// <exception cref="ArgumentException">A token is null or a tag is not IOB2; the message names the sentence and token.</exception>
    public static void Write(TextWriter writer, IEnumerable<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sentences);
        var buffer = new ArrayBufferWriter<byte>();
        var index = 0;
        foreach (var sentence in sentences)
        {
            ArgumentNullException.ThrowIfNull(sentence);
            for (var i = 0; i < sentence.Tokens.Count; i++)
            {
                if (sentence.Tokens[i] is null)
                {
                    throw new ArgumentException($"Sentence {index}, token {i} is null.", nameof(sentences));
                }

                var problem = TagSchemes.Problem(sentence.Tags[i], TagScheme.Iob2);
                if (problem is not null)
                {
                    throw new ArgumentException($"Sentence {index}, token {i}: {problem}", nameof(sentences));
                }
            }

            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                WriteArray(json, "tokens", sentence.Tokens);
                WriteArray(json, "tags", sentence.Tags);
                json.WriteEndObject();
            }

            writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
            index++;
        }
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static IEnumerable<(string[] Tokens, string[] Tags)> ReadRaw(TextReader reader, TagScheme? scheme)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseLine(line, lineNumber, scheme);
        }
    }

    private static (string[] Tokens, string[] Tags) ParseLine(string line, int lineNumber, TagScheme? scheme)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Line {lineNumber}: not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Line {lineNumber}: {Kind(root)}, not an object with \"tokens\" and \"tags\".");
            }

            var tokens = Strings(root, "tokens", lineNumber);
            var tags = Strings(root, "tags", lineNumber);
            if (tokens.Length != tags.Length)
            {
                throw new FormatException($"Line {lineNumber}: {tokens.Length} tokens but {tags.Length} tags; \"tags\" needs one tag per token.");
            }

            for (var i = 0; i < tags.Length; i++)
            {
                var problem = TagSchemes.Problem(tags[i], scheme);
                if (problem is not null)
                {
                    throw new FormatException($"Line {lineNumber}: tags[{i}]: {problem}");
                }
            }

            return (tokens, tags);
        }
    }

    private static string[] Strings(JsonElement root, string field, int lineNumber)
    {
        if (!root.TryGetProperty(field, out var array))
        {
            throw new FormatException($"Line {lineNumber}: missing field \"{field}\".");
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Line {lineNumber}: field \"{field}\" is {Kind(array)}, not an array of strings.");
        }

        var values = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"Line {lineNumber}: {field}[{i}] is {Kind(item)} ({Preview(item.GetRawText())}), not a string.");
            }

            values[i++] = item.GetString()!;
        }

        return values;
    }

    private static string Kind(JsonElement element)
    {
        return element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => element.ValueKind.ToString(),
        };
    }

    private static string Preview(string text)
    {
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
