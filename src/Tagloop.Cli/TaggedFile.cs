using Tagloop.Learning.Spans;

namespace Tagloop.Cli;

/// <summary>Tagged sentences from a CoNLL file (2–4 columns, any of IOB1, IOB2, BILOU) or a JSONL file of <c>{"tokens", "tags"}</c>, told apart by the first non-blank character.</summary>
internal static class TaggedFile
{
    public static async Task<(IReadOnlyList<TaggedSentence> Sentences, string? Problem)> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            return ([], $"file '{file.FullName}' does not exist.");
        }

        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        try
        {
            using var reader = new StringReader(text);
            IReadOnlyList<TaggedSentence> sentences = text.TrimStart().StartsWith('{')
                ? TokenTagsJsonl.Read(reader).Sentences
                : [.. ConllFormat.Read(reader).Sentences.Select(s => s.Sentence)];
            sentences = [.. sentences.Where(s => s.Tokens.Count > 0)];
            return sentences.Count == 0 ? ([], $"{file.Name} holds no sentences.") : (sentences, null);
        }
        catch (FormatException e)
        {
            return ([], $"{file.Name}: {e.Message}");
        }
    }
}
