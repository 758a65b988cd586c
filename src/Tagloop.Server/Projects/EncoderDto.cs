using Tagloop.Learning.Encoders;

namespace Tagloop.Server.Projects;

/// <summary>An encoder a project can use: its name, a title and what it does in plain words, and whether new projects use it.</summary>
public sealed record EncoderDto(string Name, string Title, string Description, bool IsDefault)
{
    public static IReadOnlyList<EncoderDto> All { get; } =
    [
        .. TextEncoderCatalog.ProjectNames.Select(name => new EncoderDto(name, TitleOf(name), DescriptionOf(name), name == TextEncoderCatalog.Default))
            .OrderByDescending(e => e.IsDefault),
    ];

    private static string TitleOf(string name) => name switch
    {
        "minilm+tfidf" => "Meaning and words",
        "minilm" => "Meaning only",
        "tfidf" => "Words only",
        _ => name,
    };

    private static string DescriptionOf(string name) => name switch
    {
        "minilm+tfidf" => "A pretrained sentence model (all-MiniLM-L6-v2) reads what each document means, so a label also teaches the model about texts that say the same thing in other words; the exact words are kept as well. Learns the most from each label. Reading a large corpus takes a while (on two processor cores, a few hundred short texts or a few dozen long e-mails a second); the model learns from words alone until it is done.",
        "minilm" => "The sentence model's reading of each document's meaning, without its exact words. Usually a little weaker than meaning and words together.",
        "tfidf" => "Which words each document uses, weighted by how rare they are. Ready at once and fast on any size of corpus, but it only links documents that share words.",
        _ => "",
    };
}
