namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// A word or a pair of words that points to one class among the labelled documents: how many labelled documents hold
/// it (<see cref="Labelled"/>) and how many of those have the class (<see cref="Correct"/>), its precision and the
/// lower end of its interval (which ranks suggestions, so 40 of 42 comes before 2 of 2), and how many documents of the
/// whole corpus hold it (<see cref="Coverage"/>).
/// </summary>
public sealed record RuleSuggestion(string Term, int Class, string Label, int Labelled, int Correct, double Precision, double PrecisionLower, int Coverage, double CoverageShare)
{
    /// <summary>The keyword rule that votes <see cref="Label"/> on the documents holding <see cref="Term"/>.</summary>
    public RuleDefinition ToRule(string? name = null) => new()
    {
        Name = name ?? $"{Label}: {Term}",
        Label = Label,
        Kind = RuleKind.Keywords,
        Terms = [Term],
    };
}
