using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// A document as span tagging reads it: its tokens (UTF-16 offsets into the whole text) and its sentences, the units
/// the queue shows, the tagger learns from and active learning scores (<see cref="SentenceSplitter"/>, at most
/// <see cref="SentenceSplitter.DefaultMaxTokens"/> tokens each).
/// </summary>
public sealed class SpanDocument
{
    private SpanDocument(string text, IReadOnlyList<Token> tokens, IReadOnlyList<Sentence> sentences)
    {
        Text = text;
        Tokens = tokens;
        Sentences = sentences;
    }

    public string Text { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public IReadOnlyList<Sentence> Sentences { get; }

    /// <summary>
    /// The parts the queue shows one at a time: each sentence, or with <paramref name="paragraphs"/> each paragraph —
    /// the sentences up to a blank line (two line breaks with only spaces between) or a paragraph separator (U+2029).
    /// </summary>
    public IReadOnlyList<Part> Parts(bool paragraphs)
    {
        var parts = new List<Part>();
        for (var i = 0; i < Sentences.Count; i++)
        {
            var first = i;
            while (paragraphs && i + 1 < Sentences.Count && !ParagraphBreak(Sentences[i].End, Sentences[i + 1].Start))
            {
                i++;
            }

            parts.Add(new Part(Sentences[first].Start, Sentences[i].End, first, i + 1));
        }

        return parts;
    }

    private bool ParagraphBreak(int from, int to)
    {
        var lines = 0;
        for (var c = from; c < to; c++)
        {
            if (Text[c] == '\u2029' || (Text[c] == '\n' && ++lines == 2))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A part the queue shows: its characters [Start, End) and its sentences [FirstSentence, EndSentence).</summary>
    public readonly record struct Part(int Start, int End, int FirstSentence, int EndSentence);

    /// <summary>One sentence: its characters [Start, End) and its tokens [FirstToken, EndToken).</summary>
    public readonly record struct Sentence(int Start, int End, int FirstToken, int EndToken)
    {
        public int TokenCount => EndToken - FirstToken;
    }

    public static SpanDocument Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = SpanTokenizer.Tokenize(text);
        var sentences = new List<Sentence>();
        foreach (var (start, end) in SentenceSplitter.Split(text, tokens))
        {
            if (SpanSnapping.TokenRange(tokens, start, end) is var (first, stop))
            {
                sentences.Add(new Sentence(tokens[first].Start, tokens[stop - 1].End, first, stop));
            }
        }

        return new SpanDocument(text, tokens, sentences);
    }

    /// <summary>The words of a sentence, as the tagger reads them.</summary>
    public string[] Words(Sentence sentence)
    {
        var words = new string[sentence.TokenCount];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Tokens[sentence.FirstToken + i].Text(Text);
        }

        return words;
    }

    /// <summary>
    /// A character span as tokens of the sentence (indices relative to it), or null when it is not wholly inside the
    /// sentence or covers no token.
    /// </summary>
    public TokenSpan? InSentence(Sentence sentence, int start, int end, string label)
    {
        if (start < sentence.Start || end > sentence.End || SpanSnapping.TokenRange(Tokens, start, end) is not var (first, stop))
        {
            return null;
        }

        return new TokenSpan(first - sentence.FirstToken, stop - sentence.FirstToken, label);
    }

    /// <summary>A span of a sentence's tokens as document characters.</summary>
    public (int Start, int End) Characters(Sentence sentence, TokenSpan span) =>
        (Tokens[sentence.FirstToken + span.Start].Start, Tokens[sentence.FirstToken + span.End - 1].End);
}
