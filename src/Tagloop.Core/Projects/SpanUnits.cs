namespace Tagloop.Core.Projects;

/// <summary>What the queue of a span-tagging project shows at a time (<see cref="Project.SpanUnit"/>).</summary>
public static class SpanUnits
{
    /// <summary>One sentence at a time (the default): short questions, and the tagger learns after each.</summary>
    public const string Sentence = "sentence";

    /// <summary>A paragraph at a time (the sentences up to a blank line): more context for each answer.</summary>
    public const string Paragraph = "paragraph";

    public static IReadOnlyList<string> Names { get; } = [Sentence, Paragraph];

    /// <summary>The canonical name, or null when unknown.</summary>
    public static string? Find(string? name) => Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
