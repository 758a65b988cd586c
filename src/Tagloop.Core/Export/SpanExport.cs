using System.Text.Json;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Export;

/// <summary>
/// What the exporters need of spans: offsets in code points for the tools that count them (Prodigy, spaCy, doccano,
/// Label Studio), and a document as tokenised sentences with IOB2 tags (CoNLL, token-tags).
/// </summary>
internal static class SpanExport
{
    /// <summary>
    /// A span's offsets in code points. An offset that falls between the two halves of a surrogate pair (never stored by
    /// Tagloop, but older rows are not checked) moves outwards, so the character is inside the span whole.
    /// </summary>
    public static (int Start, int End) CodePoints(OffsetMap map, string text, ExportSpan span)
    {
        var start = Math.Clamp(span.Start, 0, text.Length);
        var end = Math.Clamp(span.End, start, text.Length);
        start -= start > 0 && start < text.Length && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]) ? 1 : 0;
        end += end > 0 && end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]) ? 1 : 0;
        return (map.ToCodePoints(start), map.ToCodePoints(end));
    }

    /// <summary>
    /// Prodigy's NER layout: <c>"tokens": [{"text", "start", "end", "id", "ws"}]</c> (the span tokeniser's tokens) and
    /// <c>"spans": [{"start", "end", "label", "token_start", "token_end"}]</c> (<c>token_end</c> inclusive, as Prodigy
    /// counts), offsets in code points. A span holding no token (never stored by Tagloop) has no token fields.
    /// </summary>
    public static void WriteProdigy(Utf8JsonWriter w, ExportRow r)
    {
        var map = new OffsetMap(r.Text);
        var tokens = SpanTokenizer.Tokenize(r.Text);
        w.WriteStartArray("tokens");
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            w.WriteStartObject();
            w.WriteString("text", token.Text(r.Text));
            w.WriteNumber("start", map.ToCodePoints(token.Start));
            w.WriteNumber("end", map.ToCodePoints(token.End));
            w.WriteNumber("id", i);
            w.WriteBoolean("ws", token.End < r.Text.Length && char.IsWhiteSpace(r.Text[token.End]));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("spans");
        foreach (var span in r.Spans)
        {
            var (start, end) = CodePoints(map, r.Text, span);
            w.WriteStartObject();
            w.WriteNumber("start", start);
            w.WriteNumber("end", end);
            w.WriteString("label", span.Label);
            if (SpanSnapping.TokenRange(tokens, span.Start, span.End) is var (first, stop))
            {
                w.WriteNumber("token_start", first);
                w.WriteNumber("token_end", stop - 1);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"regions": [[start, end]]</c> (UTF-16 code units), the parts a partial answer covers, or null for all of the document.</summary>
    public static void WriteRegions(Utf8JsonWriter w, ExportRow r)
    {
        if (r.Regions is null)
        {
            w.WriteNull("regions");
            return;
        }

        w.WriteStartArray("regions");
        foreach (var region in r.Regions)
        {
            w.WriteStartArray();
            w.WriteNumberValue(region.Start);
            w.WriteNumberValue(region.End);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>name: [{"start", "end", "label"}]</c> with offsets in code points or, when <paramref name="map"/> is null, UTF-16 code units.</summary>
    public static void WriteObjects(Utf8JsonWriter w, string name, ExportRow r, OffsetMap? map)
    {
        w.WriteStartArray(name);
        foreach (var span in r.Spans)
        {
            var (start, end) = map is null ? (span.Start, span.End) : CodePoints(map, r.Text, span);
            w.WriteStartObject();
            w.WriteNumber("start", start);
            w.WriteNumber("end", end);
            w.WriteString("label", span.Label);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>name: [[start, end, "label"]]</c> with offsets in code points (doccano's and spaCy's layout).</summary>
    public static void WriteTriples(Utf8JsonWriter w, string name, ExportRow r)
    {
        var map = new OffsetMap(r.Text);
        w.WriteStartArray(name);
        foreach (var span in r.Spans)
        {
            var (start, end) = CodePoints(map, r.Text, span);
            w.WriteStartArray();
            w.WriteNumberValue(start);
            w.WriteNumberValue(end);
            w.WriteStringValue(span.Label);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The document as sentences (<see cref="SentenceSplitter"/> over <see cref="SpanTokenizer"/>'s tokens of the whole
    /// text) with IOB2 tags. Spans snap outwards to token boundaries; where spans overlap, the one that starts first (the
    /// longer of two that start together) is kept; a span that crosses a sentence boundary is cut there (its part in the
    /// next sentence starts with B-); white space inside a type becomes "_". Of a partial answer (<paramref name="regions"/>
    /// not null) only the sentences inside its regions are written: elsewhere nobody said which tokens are outside entities.
    /// </summary>
    public static IEnumerable<TaggedSentence> Sentences(string text, IReadOnlyList<ExportSpan> spans, IReadOnlyList<Annotations.TextRange>? regions = null)
    {
        var tokens = SpanTokenizer.Tokenize(text);
        var tags = new string[tokens.Count];
        Array.Fill(tags, "O");
        foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End))
        {
            if (SpanSnapping.TokenRange(tokens, Math.Max(0, span.Start), Math.Max(span.Start, span.End)) is not var (first, end)
                || Enumerable.Range(first, end - first).Any(t => tags[t] != "O"))
            {
                continue;
            }

            var type = string.Concat(span.Label.Select(c => char.IsWhiteSpace(c) ? '_' : c));
            tags[first] = "B-" + type;
            for (var t = first + 1; t < end; t++)
            {
                tags[t] = "I-" + type;
            }
        }

        var next = 0;
        foreach (var (sentenceStart, sentenceEnd) in SentenceSplitter.Split(text, tokens))
        {
            var from = next;
            while (next < tokens.Count && tokens[next].End <= sentenceEnd)
            {
                next++;
            }

            if (next == from || !Annotations.SpanRegions.Contains(regions, sentenceStart, sentenceEnd))
            {
                continue;
            }

            var words = new string[next - from];
            var sentenceTags = new string[next - from];
            for (var t = from; t < next; t++)
            {
                var word = tokens[t].Text(text);
                words[t - from] = word.Any(char.IsWhiteSpace) ? string.Concat(word.Select(c => char.IsWhiteSpace(c) ? '_' : c)) : word;
                sentenceTags[t - from] = t == from && tags[t].StartsWith("I-", StringComparison.Ordinal) ? "B-" + tags[t][2..] : tags[t];
            }

            yield return new TaggedSentence(words, sentenceTags);
        }
    }
}
