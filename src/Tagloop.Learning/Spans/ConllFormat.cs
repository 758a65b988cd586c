namespace Tagloop.Learning.Spans;

/// <summary>
/// A sentence read from a CoNLL file: its tokens with IOB2 tags, the document it belongs to (0-based), the line it starts
/// on (1-based), and for each token the columns between the token and its tag (POS and chunk in CoNLL-2003's four-column
/// files; empty in a two-column file), kept as read.
/// </summary>
public sealed record ConllSentence(TaggedSentence Sentence, int Document, int Line, IReadOnlyList<IReadOnlyList<string>> MiddleColumns);

/// <summary>A document of a CoNLL file: the sentences after one -DOCSTART- line (the whole file when it has none).</summary>
public sealed record ConllDocument(IReadOnlyList<TaggedSentence> Sentences);

/// <summary>A whole CoNLL file: its sentences in order, the same sentences grouped by document, and the scheme its tags were read in.</summary>
public sealed record ConllCorpus(IReadOnlyList<ConllSentence> Sentences, IReadOnlyList<ConllDocument> Documents, TagScheme Scheme);

/// <summary>
/// Reads and writes CoNLL named-entity files: one token per line as 2 to 4 columns separated by spaces or tabs (the token
/// first, the entity tag last, POS/chunk columns between), a blank line between sentences, and "-DOCSTART-" lines (first
/// column) starting documents. Every token line of a file has the same number of columns. Tags are converted to IOB2.
/// </summary>
public static class ConllFormat
{
    /// <summary>The first column of a line that starts a document.</summary>
    public const string DocumentStart = "-DOCSTART-";

    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>
    /// Reads a whole CoNLL file, its tags in <paramref name="scheme"/> or, when null, in the scheme
    /// <see cref="TagSchemes.Detect(IEnumerable{IReadOnlyList{string}})"/> finds over the whole file, converted to IOB2.
    /// Documents: a -DOCSTART- line starts one (two in a row give an empty document); sentences before the first
    /// -DOCSTART- form document 0.
    /// </summary>
    /// <exception cref="FormatException">A line has a wrong number of columns or an invalid tag; the message names the line and value.</exception>
    public static ConllCorpus Read(TextReader reader, TagScheme? scheme = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var documents = new DocumentCount();
        var raw = new List<RawSentence>();
        var evidence = new TagSchemeEvidence();
        foreach (var sentence in ReadRaw(reader, scheme, documents))
        {
            if (scheme is null)
            {
                evidence.Add(sentence.Tags);
            }

            raw.Add(sentence);
        }

        var used = scheme ?? evidence.Guess();
        var sentences = new List<ConllSentence>(raw.Count);
        // An empty file (or one of blank lines) has no document; a -DOCSTART- alone gives one empty document.
        var grouped = new List<TaggedSentence>[raw.Count == 0 && !documents.Started ? 0 : documents.Count];
        for (var d = 0; d < grouped.Length; d++)
        {
            grouped[d] = [];
        }

        foreach (var sentence in raw)
        {
            var converted = Convert(sentence, used);
            sentences.Add(converted);
            grouped[converted.Document].Add(converted.Sentence);
        }

        return new ConllCorpus(sentences, [.. grouped.Select(static g => new ConllDocument(g))], used);
    }

    /// <summary>
    /// Reads sentences one at a time as the reader yields lines, their tags in <paramref name="scheme"/> converted to IOB2
    /// (documents numbered as in <see cref="Read"/>). Errors surface when the enumeration reaches the bad line.
    /// </summary>
    /// <exception cref="FormatException">A line has a wrong number of columns or an invalid tag; the message names the line and value.</exception>
    public static IEnumerable<ConllSentence> ReadSentences(TextReader reader, TagScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRaw(reader, scheme, new DocumentCount()).Select(s => Convert(s, scheme));
    }

    /// <summary>Writes sentences as "token TAG" lines (IOB2, one space, "\n") with a blank line after each sentence.</summary>
    /// <exception cref="ArgumentException">
    /// A sentence is empty, a token is empty, holds white space or is "-DOCSTART-", or a tag is not IOB2; the message names
    /// the sentence and token. Each sentence is checked before any of its lines is written.
    /// </exception>
    public static void Write(TextWriter writer, IEnumerable<TaggedSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(sentences);
        var index = 0;
        foreach (var sentence in sentences)
        {
            WriteSentence(writer, sentence, index++);
        }
    }

    /// <summary>Writes documents, each as a "-DOCSTART- O" line and a blank line followed by its sentences as in <see cref="Write"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Write"/>; sentences are numbered across documents.</exception>
    public static void WriteDocuments(TextWriter writer, IEnumerable<ConllDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(documents);
        var index = 0;
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document);
            writer.Write(DocumentStart + " O\n\n");
            foreach (var sentence in document.Sentences)
            {
                WriteSentence(writer, sentence, index++);
            }
        }
    }

    private static void WriteSentence(TextWriter writer, TaggedSentence sentence, int index)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (sentence.Tokens.Count == 0)
        {
            throw new ArgumentException($"Sentence {index} has no tokens; CoNLL cannot hold an empty sentence.", nameof(sentence));
        }

        for (var i = 0; i < sentence.Tokens.Count; i++)
        {
            var token = sentence.Tokens[i];
            if (string.IsNullOrEmpty(token) || token.Any(char.IsWhiteSpace) || token == DocumentStart)
            {
                throw new ArgumentException(
                    $"Sentence {index}, token {i} (\"{token}\"): a CoNLL token must be non-empty, without white space, and not {DocumentStart}.",
                    nameof(sentence));
            }

            var problem = TagSchemes.Problem(sentence.Tags[i], TagScheme.Iob2);
            if (problem is not null)
            {
                throw new ArgumentException($"Sentence {index}, token {i}: {problem}", nameof(sentence));
            }
        }

        for (var i = 0; i < sentence.Tokens.Count; i++)
        {
            writer.Write(sentence.Tokens[i]);
            writer.Write(' ');
            writer.Write(sentence.Tags[i]);
            writer.Write('\n');
        }

        writer.Write('\n');
    }

    private static ConllSentence Convert(RawSentence sentence, TagScheme scheme)
    {
        // Tags were checked against the scheme line by line, so decoding cannot fail here.
        var tags = TagSchemes.ToIob2(sentence.Tags, scheme);
        return new ConllSentence(new TaggedSentence(sentence.Tokens, tags), sentence.Document, sentence.Line, sentence.Middle);
    }

    private static IEnumerable<RawSentence> ReadRaw(TextReader reader, TagScheme? scheme, DocumentCount documents)
    {
        var tokens = new List<string>();
        var tags = new List<string>();
        var middle = new List<IReadOnlyList<string>>();
        var sentenceLine = 0;
        var columns = 0;
        var columnsLine = 0;
        var sawDocumentStart = false;
        var sentencesInDocument = 0;
        var lineNumber = 0;
        documents.Count = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var documentStart = fields.Length > 0 && fields[0] == DocumentStart;
            if ((fields.Length == 0 || documentStart) && tokens.Count > 0)
            {
                yield return new RawSentence([.. tokens], [.. tags], [.. middle], documents.Count - 1, sentenceLine);
                sentencesInDocument++;
                tokens.Clear();
                tags.Clear();
                middle.Clear();
            }

            if (documentStart)
            {
                if (sawDocumentStart || sentencesInDocument > 0)
                {
                    documents.Count++;
                }

                sawDocumentStart = true;
                documents.Started = true;
                sentencesInDocument = 0;
                continue;
            }

            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length is < 2 or > 4)
            {
                throw new FormatException(
                    $"Line {lineNumber}: \"{Preview(line)}\" has {fields.Length} column(s); a CoNLL token line has 2 to 4 (the token first, the entity tag last).");
            }

            if (columns == 0)
            {
                columns = fields.Length;
                columnsLine = lineNumber;
            }
            else if (fields.Length != columns)
            {
                throw new FormatException(
                    $"Line {lineNumber}: \"{Preview(line)}\" has {fields.Length} columns but line {columnsLine} has {columns}; every token line of a file needs the same columns.");
            }

            var tag = fields[^1];
            var problem = TagSchemes.Problem(tag, scheme);
            if (problem is not null)
            {
                throw new FormatException($"Line {lineNumber}, column {fields.Length}: {problem}");
            }

            if (tokens.Count == 0)
            {
                sentenceLine = lineNumber;
            }

            tokens.Add(fields[0]);
            tags.Add(tag);
            middle.Add(fields.Length == 2 ? [] : fields[1..^1]);
        }

        if (tokens.Count > 0)
        {
            yield return new RawSentence([.. tokens], [.. tags], [.. middle], documents.Count - 1, sentenceLine);
        }
    }

    private static string Preview(string line)
    {
        return line.Length <= 80 ? line : line[..80] + "…";
    }

    private sealed record RawSentence(string[] Tokens, string[] Tags, IReadOnlyList<string>[] Middle, int Document, int Line);

    private sealed class DocumentCount
    {
        public int Count { get; set; }

        public bool Started { get; set; }
    }
}
