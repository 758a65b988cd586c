using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Import;

/// <summary>
/// Tagged token files — CoNLL (<see cref="ConllFormat"/>) and <c>{"tokens", "tags"}</c> JSON Lines
/// (<see cref="TokenTagsJsonl"/>) — as documents with pre-annotated spans. The whole file is read first, since its tag
/// scheme (IOB1, IOB2, BILOU) is detected over all of it. A CoNLL document (the sentences after a -DOCSTART- line), or
/// each sentence when the file has no -DOCSTART-, and each JSONL line, becomes one document: its tokens joined by single
/// spaces, its sentences by "\n", its entities spans over those tokens. A file that cannot be read is reported at its
/// first bad line.
/// </summary>
internal sealed partial class TaggedRecordReader(Stream stream, int maxLineBytes, bool conll) : IRecordReader
{
    private readonly Utf8LineReader lines = new(stream, maxLineBytes);

    public long BytesRead => lines.BytesRead;

    public async IAsyncEnumerable<ParsedLine> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var content = new StringBuilder();
        var bad = new List<ParsedLine>();
        await foreach (var line in lines.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (line.Error is not null)
            {
                bad.Add(ParsedLine.Bad(line.Number, line.Error));
            }

            content.Append(line.Text).Append('\n');
        }

        if (bad.Count > 0)
        {
            foreach (var error in bad)
            {
                yield return error;
            }

            yield break;
        }

        foreach (var parsed in conll ? Conll(content.ToString()) : TokenTags(content.ToString()))
        {
            yield return parsed;
        }
    }

    private static List<ParsedLine> Conll(string content)
    {
        ConllCorpus corpus;
        try
        {
            corpus = ConllFormat.Read(new StringReader(content));
        }
        catch (FormatException e)
        {
            return [Failure(e)];
        }

        // Without -DOCSTART- lines every sentence is a document of its own.
        var documents = DocumentStart().IsMatch(content)
            ? corpus.Sentences.GroupBy(s => s.Document).Select(g => g.ToList())
            : corpus.Sentences.Select(s => new List<ConllSentence> { s });
        return [.. documents.Select(d => Document(d[0].Line, [.. d.Select(s => (s.Sentence, (long)s.Line))], tokenLines: true))];
    }

    private static List<ParsedLine> TokenTags(string content)
    {
        TokenTagsFile file;
        try
        {
            file = TokenTagsJsonl.Read(new StringReader(content));
        }
        catch (FormatException e)
        {
            return [Failure(e)];
        }

        // The reader skips blank lines: the n-th sentence is on the n-th line that is not blank.
        var numbers = new List<long>();
        var number = 0L;
        foreach (var line in content.Split('\n'))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                numbers.Add(number);
            }
        }

        return [.. file.Sentences.Select((s, i) => Document(numbers[i], [(s, numbers[i])], tokenLines: false))];
    }

    /// <summary>
    /// One document of sentences, each with the line its first token is on (CoNLL: one token a line; JSONL: the whole
    /// sentence on its line, so every span of it is on that line).
    /// </summary>
    private static ParsedLine Document(long line, IReadOnlyList<(TaggedSentence Sentence, long Line)> sentences, bool tokenLines)
    {
        var text = new StringBuilder();
        var spans = new List<ImportSpan>();
        foreach (var (sentence, first) in sentences)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var starts = new int[sentence.Tokens.Count];
            var ends = new int[sentence.Tokens.Count];
            for (var t = 0; t < sentence.Tokens.Count; t++)
            {
                if (t > 0)
                {
                    text.Append(' ');
                }

                starts[t] = text.Length;
                text.Append(sentence.Tokens[t]);
                ends[t] = text.Length;
            }

            foreach (var entity in TagSchemes.Decode(sentence.Tags, TagScheme.Iob2))
            {
                var (start, end) = (starts[entity.Start], ends[entity.End - 1]);
                if (end > start)
                {
                    var tagLine = first + (tokenLines ? entity.Start : 0);
                    var field = tokenLines ? $"the tag on line {tagLine.ToString(CultureInfo.InvariantCulture)}" : $"tags[{entity.Start.ToString(CultureInfo.InvariantCulture)}]";
                    spans.Add(new ImportSpan(start, end, entity.Label, field, tagLine));
                }
            }
        }

        return ParsedLine.Of(new ImportRecord(line, text.ToString(), null, []) { Spans = spans });
    }

    /// <summary>The library's "Line N: …" (or "Line N, column C: …") as an error of line N.</summary>
    private static ParsedLine Failure(FormatException e)
    {
        var match = LinePrefix().Match(e.Message);
        return match.Success
            ? ParsedLine.Bad(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value)
            : ParsedLine.Bad(1, e.Message);
    }

    [GeneratedRegex(@"^Line (\d+)(?::\s*|,\s*)(.*)$", RegexOptions.Singleline)]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"^[ \t]*-DOCSTART-(?:[ \t]|$)", RegexOptions.Multiline)]
    private static partial Regex DocumentStart();
}
