using Tagloop.Learning.Acquisition;

namespace Tagloop.Server.Projects;

/// <summary>An acquisition strategy: its name, a title and what it does in plain words, and whether new projects use it.</summary>
public sealed record StrategyDto(string Name, string Title, string Description, bool IsDefault)
{
    public static IReadOnlyList<StrategyDto> All { get; } =
    [
        .. AcquisitionCatalog.Names.Select(name => new StrategyDto(name, TitleOf(name), DescriptionOf(name), name == AcquisitionCatalog.Default))
            .OrderByDescending(s => s.IsDefault),
    ];

    private static string TitleOf(string name) => name switch
    {
        "random" => "Random",
        "least-confidence" => "Least confident",
        "margin" => "Closest call",
        "entropy" => "Most uncertain",
        "bald" => "Where models disagree (BALD)",
        "k-center" => "Cover the corpus",
        "density" => "Uncertain and typical",
        _ => name,
    };

    private static string DescriptionOf(string name) => name switch
    {
        "random" => "Documents in random order. Slowest to teach the model, but the labels show the corpus as it is.",
        "least-confidence" => "The documents whose likeliest label the model is least sure of.",
        "margin" => "The documents where the two likeliest labels are closest: the model's hardest calls.",
        "entropy" => "The documents where the model spreads its belief most evenly over all labels.",
        "bald" => "The documents on which plausible versions of the model disagree most: what the model does not know, rather than text that is simply ambiguous.",
        "k-center" => "The documents least like anything labelled so far, to cover every kind of text.",
        "density" => "Uncertain documents that resemble many others, so each label teaches about many texts.",
        _ => "",
    };
}
