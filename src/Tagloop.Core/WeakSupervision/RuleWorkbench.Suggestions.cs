using System.Globalization;
using Tagloop.Core.Common;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>Keyword rules suggested from the labelled documents, read from the cached corpus.</summary>
public sealed partial class RuleWorkbench
{
    /// <summary>The most suggestions per label one request may ask for.</summary>
    public const int MaxSuggestionsPerLabel = 50;

    /// <summary>
    /// Up to <paramref name="maxPerLabel"/> keyword rules per label (<see cref="RuleSuggestions"/>): words and pairs of
    /// words found in at least three documents with a final label, ranked by the lower end of the 95% Wilson interval of
    /// their precision, leaving out terms a saved keywords rule (on or off) already matches. Final labels only (every
    /// member sees the same suggestions). A multi-label project gets none, with the reason: one term pointing to one
    /// label is a single-label idea.
    /// </summary>
    public async Task<Outcome<SuggestedRules>> SuggestAsync(TagloopDbContext db, int projectId, int maxPerLabel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ProjectAsync(db, projectId, cancellationToken).ConfigureAwait(false) is not { } project)
        {
            return NoProject(projectId);
        }

        if (maxPerLabel is < 1 or > MaxSuggestionsPerLabel)
        {
            return Problem.Invalid("maxPerClass", $"maxPerClass must be between 1 and {MaxSuggestionsPerLabel}; got {maxPerLabel}.");
        }

        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var state = await StateAsync(db, projectId, project.Encoder, labels, false, cancellationToken).ConfigureAwait(false);
        var documents = state.Corpus.Count;
        if (project.MultiLabel)
        {
            return new SuggestedRules(documents, 0, "Suggestions are made for single-label projects only: in a multi-label project one word rarely points to one label.", []);
        }

        var gold = await RuleGold.ReadAsync(db, projectId, false, state.Corpus, state.ClassOf, null, cancellationToken).ConfigureAwait(false);
        var (labelled, classes) = gold.Single();
        var options = new RuleSuggestionOptions { Z = RuleAnalysis.Z95, MaxDegreeOfParallelism = this.options.MaxDegreeOfParallelism };
        if (labelled.Length < options.MinSupport)
        {
            return new SuggestedRules(documents, labelled.Length, string.Create(
                CultureInfo.InvariantCulture, $"Suggestions need at least {options.MinSupport} documents with a final label; there are {labelled.Length}."), []);
        }

        var existing = state.Rules.Where(r => r.Rule.Kind == RuleKind.Keywords)
            .Select(r => new RuleDefinition { Name = r.Rule.Name, Label = r.Label, Kind = RuleKind.Keywords, Terms = [.. r.Rule.Terms], CaseSensitive = r.Rule.CaseSensitive })
            .ToList();
        var found = RuleSuggestions.Suggest(state.Corpus.Texts, labelled, classes, state.Classes, existing, maxPerLabel, options, cancellationToken);
        var suggestions = found.Select(s =>
        {
            var (low, high) = RuleAnalysis.Wilson(s.Correct, s.Labelled);
            return new SuggestedRule(s.Label, [s.Term], s.Precision, low, high, s.Labelled, s.Correct, s.CoverageShare, s.Coverage);
        }).ToList();
        var reason = suggestions.Count > 0 ? null : string.Create(
            CultureInfo.InvariantCulture,
            $"No word or pair of words stands out yet among the {labelled.Length} labelled documents (each needs {options.MinSupport} labelled documents and to point to one label more often than the labels' balance), or saved rules already have them.");
        return new SuggestedRules(documents, labelled.Length, reason, suggestions);
    }
}
