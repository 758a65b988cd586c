using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Training;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// Where rules are tried out: a draft previewed over a project's documents, every saved rule's figures with the label
/// model that combines the switched-on ones, and a saved rule's hits. Per project it keeps the documents as rules read
/// them (<see cref="RuleCorpusSnapshot"/>, read again when the count of documents or the largest id changes, so imports
/// by any process and deletions are seen on the next request), their sentence vectors when a similarity rule needs
/// them, and each saved rule's votes by rule id and version: an edited rule is applied again alone and its column
/// replaced in the switched-on rules' matrix (<see cref="LabelMatrix.WithRule"/>). Labels so far (answers, final
/// labels) are read afresh on every request. One gate per project serialises the cache; a draft runs outside it.
/// Thread-safe; one per server.
/// </summary>
public sealed partial class RuleWorkbench
{
    public const int MaxPageSize = 100;

    /// <summary>How much of each hit's text is shown.</summary>
    public const int TextLength = 300;

    private readonly ConcurrentDictionary<int, Entry> entries = new();
    private readonly EmbeddingStore? embeddings;
    private readonly DenseEncoders? encoders;
    private readonly RuleSetOptions options;
    private long applied;

    /// <param name="embeddings">The documents' sentence vectors; without them similarity rules cannot run.</param>
    /// <param name="encoders">The sentence models, to embed rules' examples and label descriptions as the documents were.</param>
    /// <param name="options">Regular-expression limits and threads.</param>
    public RuleWorkbench(EmbeddingStore? embeddings = null, DenseEncoders? encoders = null, RuleSetOptions? options = null)
    {
        this.embeddings = embeddings;
        this.encoders = encoders;
        this.options = options ?? new RuleSetOptions();
    }

    /// <summary>How many times a saved rule has been applied to a project's documents (a draft does not count): what the cache saves.</summary>
    public long RulesApplied => Interlocked.Read(ref applied);

    /// <summary>Drops what is kept of a project (it was deleted).</summary>
    public void Forget(int projectId) => entries.TryRemove(projectId, out _);

    /// <summary>
    /// What <paramref name="draft"/> (a rule as POST rules takes it, name optional) would do, checked as a new rule is
    /// (problems name the field); <paramref name="editing"/>, a saved rule the draft is an edit of, is left out of the
    /// overlaps and conflicts.
    /// </summary>
    public async Task<Outcome<RuleDraftPreview>> PreviewAsync(
        TagloopDbContext db, int projectId, NewRule draft, int page, int pageSize, int? editing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(draft);
        if (await ProjectAsync(db, projectId, cancellationToken).ConfigureAwait(false) is not { } project)
        {
            return NoProject(projectId);
        }

        if (PageProblem(page, pageSize) is { } badPage)
        {
            return badPage;
        }

        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var rule = new LabellingRule { ProjectId = projectId, Name = "", LabelName = "", CreatedBy = "", UpdatedBy = "" };
        var request = draft with { Name = string.IsNullOrWhiteSpace(draft.Name) ? "draft" : draft.Name, Enabled = true, Note = null };
        var problems = await LabellingRules.WriteNewAsync(db, projectId, request, rule, labels, [], cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Outcome<RuleDraftPreview>.Failure(problems);
        }

        var state = await StateAsync(db, projectId, project.Encoder, labels, IsSimilarity(rule.Kind), cancellationToken).ConfigureAwait(false);
        var gold = await RuleGold.ReadAsync(db, projectId, project.MultiLabel, state.Corpus, state.ClassOf, null, cancellationToken).ConfigureAwait(false);
        var label = labels.First(l => l.Id == rule.LabelId);
        var @class = state.ClassOf[label.Id];
        var examples = rule.ExampleDocumentIds.Select(state.Corpus.IndexOf).Where(i => i >= 0).Select(i => state.Corpus.Texts[i]);
        var (votes, error) = LabellingRules.DefinitionOf(rule, label, examples, out var problem) is { } definition
            ? Run(definition, state, cancellationToken)
            : (Empty(@class), problem);

        var self = editing is { } id ? state.Rules.FirstOrDefault(r => r.Rule.Id == id)?.EnabledColumn ?? -1 : -1;
        var measure = RuleMeasure.Of(votes, @class, state.Enabled.Rows, self, gold);
        var (accuracy, low, high) = measure.Accuracy(project.MultiLabel);
        return new RuleDraftPreview(
            state.Corpus.Count, measure.Hits, Share(measure.Hits, state.Corpus.Count), measure.Answered, measure.Correct, accuracy, low, high,
            measure.OfHits(measure.Overlapping), measure.OfHits(measure.Conflicting), error, page, pageSize,
            HitsPage(votes, page, pageSize, state, gold));
    }

    /// <summary>
    /// Every saved rule's figures (oldest first), the switched-on rules' totals and the label model chosen over them
    /// with the labelled documents as gold. For <paramref name="onlyAuthor"/> (an annotator, who sees only their own
    /// answers) the figures are measured against that person's answers alone.
    /// </summary>
    public async Task<Outcome<RulesAnalysis>> AnalyseAsync(TagloopDbContext db, int projectId, string? onlyAuthor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ProjectAsync(db, projectId, cancellationToken).ConfigureAwait(false) is not { } project)
        {
            return NoProject(projectId);
        }

        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var state = await StateAsync(db, projectId, project.Encoder, labels, false, cancellationToken).ConfigureAwait(false);
        var gold = await RuleGold.ReadAsync(db, projectId, project.MultiLabel, state.Corpus, state.ClassOf, onlyAuthor, cancellationToken).ConfigureAwait(false);
        var documents = state.Corpus.Count;
        var figures = new List<RuleFigures>(state.Rules.Count);
        foreach (var saved in state.Rules)
        {
            var measure = RuleMeasure.Of(saved.Votes, saved.Class, state.Enabled.Rows, saved.EnabledColumn, gold);
            var (accuracy, low, high) = measure.Accuracy(project.MultiLabel);
            figures.Add(new RuleFigures(
                saved.Rule.Id, saved.Rule.Name, saved.Label, saved.Rule.Enabled, measure.Hits > 0 ? [saved.Label] : [],
                measure.Hits, Share(measure.Hits, documents), measure.OfHits(measure.Overlapping), measure.OfHits(measure.Conflicting),
                measure.Answered, measure.Correct, accuracy, low, high, saved.Error));
        }

        var totals = RuleAnalysis.Analyse(state.Enabled);
        var coverage = documents == 0 ? 0 : totals.Coverage;

        // Fitting the candidate label models is the slow part (seconds at 100,000 documents): the last choice stands
        // while the switched-on rules' matrix (the same object until a rule or the documents change) and the labels do.
        var cached = entries.TryGetValue(projectId, out var entry) ? entry.LabelModel : null;
        var model = cached is not null && ReferenceEquals(cached.Matrix, state.Enabled) && cached.Gold == gold.Fingerprint && cached.MultiLabel == project.MultiLabel
            ? cached.Summary
            : LabelModel(state.Enabled, gold, project.MultiLabel, coverage);
        if (entry is not null && !ReferenceEquals(model, cached?.Summary))
        {
            entry.LabelModel = new FittedChoice(state.Enabled, gold.Fingerprint, project.MultiLabel, model);
        }

        return new RulesAnalysis(
            documents, gold.Count, new RuleTotals(coverage, documents == 0 ? 0 : totals.Overlap, documents == 0 ? 0 : totals.Conflict), model, figures);
    }

    /// <summary>
    /// The switched-on rules' labels for the project's model (<see cref="Training.ProjectTrainer"/>): every document a rule
    /// votes on, with the distribution of the label model <see cref="AutoLabelModel"/> chooses on the answers so far.
    /// Null for a multi-label project (a rule votes one label; the model of such a project learns from answers alone)
    /// and while no switched-on rule votes on any document. The fitted model is kept while the switched-on rules'
    /// matrix and the answers stay the same.
    /// </summary>
    public async Task<ProjectWeakLabels?> LoopLabelsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ProjectAsync(db, projectId, cancellationToken).ConfigureAwait(false) is not { MultiLabel: false } project
            || !await db.LabellingRules.AnyAsync(r => r.ProjectId == projectId && r.Enabled, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var state = await StateAsync(db, projectId, project.Encoder, labels, false, cancellationToken).ConfigureAwait(false);
        var enabled = state.Enabled;
        if (enabled.Rules == 0 || enabled.Classes < 2)
        {
            return null;
        }

        var gold = await RuleGold.ReadAsync(db, projectId, false, state.Corpus, state.ClassOf, null, cancellationToken).ConfigureAwait(false);
        var entry = entries.TryGetValue(projectId, out var e) ? e : null;
        if (entry?.LoopLabels is { } kept && ReferenceEquals(kept.Matrix, enabled) && kept.Gold == gold.Fingerprint)
        {
            return kept.Labels;
        }

        var covered = FittedLabelModel.Covered(enabled);
        int[] rows = [.. Enumerable.Range(0, covered.Length).Where(i => covered[i])];
        ProjectWeakLabels? result = null;
        if (rows.Length > 0)
        {
            var (documents, classes) = gold.Single();
            var model = AutoLabelModel.Choose(enabled, documents, classes).Model;
            var all = model.Predict(enabled);
            var k = enabled.Classes;
            var probabilities = new float[rows.Length * k];
            for (var i = 0; i < rows.Length; i++)
            {
                all.AsSpan(rows[i] * k, k).CopyTo(probabilities.AsSpan(i * k, k));
            }

            result = new ProjectWeakLabels([.. rows.Select(r => state.Corpus.Ids[r])], probabilities, [.. state.Classes], model.Name);
        }

        if (entry is not null)
        {
            entry.LoopLabels = new KeptLoopLabels(enabled, gold.Fingerprint, result);
        }

        return result;
    }

    /// <summary>A page of the documents saved rule <paramref name="ruleId"/> votes on, by id; answers as in <see cref="AnalyseAsync"/>.</summary>
    public async Task<Outcome<RuleHitsPage>> HitsAsync(
        TagloopDbContext db, int projectId, int ruleId, int page, int pageSize, string? onlyAuthor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await ProjectAsync(db, projectId, cancellationToken).ConfigureAwait(false) is not { } project)
        {
            return NoProject(projectId);
        }

        if (!await db.LabellingRules.AnyAsync(r => r.Id == ruleId && r.ProjectId == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"Project {projectId} has no rule {ruleId}.");
        }

        if (PageProblem(page, pageSize) is { } badPage)
        {
            return badPage;
        }

        var labels = await LabellingRules.LabelsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var state = await StateAsync(db, projectId, project.Encoder, labels, false, cancellationToken).ConfigureAwait(false);
        if (state.Rules.FirstOrDefault(r => r.Rule.Id == ruleId) is not { } saved)
        {
            // Deleted between the check and the read.
            return Problem.NotFound($"Project {projectId} has no rule {ruleId}.");
        }

        var gold = await RuleGold.ReadAsync(db, projectId, project.MultiLabel, state.Corpus, state.ClassOf, onlyAuthor, cancellationToken).ConfigureAwait(false);
        return new RuleHitsPage(saved.Votes.Count, page, pageSize, HitsPage(saved.Votes, page, pageSize, state, gold));
    }

    /// <summary>The label model over the switched-on rules, chosen by <see cref="AutoLabelModel"/>, with its reason in words.</summary>
    private static LabelModelSummary LabelModel(LabelMatrix enabled, RuleGold gold, bool multiLabel, double coverage)
    {
        var k = enabled.Classes;
        var fallback = AutoLabelModel.DefaultFor(k);
        if (enabled.Rules == 0 || coverage == 0)
        {
            return new LabelModelSummary(fallback, $"auto: no switched-on rule votes on any document yet, so there is nothing to combine; the default for {k} labels is {fallback}", 0, null);
        }

        var (documents, classes) = multiLabel ? ([], []) : gold.Single();
        var choice = AutoLabelModel.Choose(enabled, documents, classes);
        var name = choice.Model.Name;
        if (choice.Scores.Count == 0)
        {
            var why = multiLabel ? "a multi-label project's answers do not choose between label models"
                : documents.Length == 0 ? "no answers yet"
                : "no answered document has a vote yet";
            return new LabelModelSummary(name, $"auto: {why}, so the default for {k} labels, {name}", coverage, null);
        }

        var chosen = choice.Scores.First(s => s.Name == name);
        var majority = choice.Scores.First(s => s.Name == "majority");
        var reason = name == majority.Name
            ? string.Create(CultureInfo.InvariantCulture, $"auto: majority vote, as accurate as any on the {chosen.Documents} answered documents with a vote ({Percent(chosen.Accuracy)})")
            : string.Create(CultureInfo.InvariantCulture, $"auto: best on the {chosen.Documents} answered documents with a vote ({name} {Percent(chosen.Accuracy)}, majority vote {Percent(majority.Accuracy)})");
        return new LabelModelSummary(name, reason, coverage, chosen.Accuracy);
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#}%");

    /// <summary>One page of <paramref name="votes"/>' documents, by id, with the start of each text and its label so far.</summary>
    private static List<RuleHit> HitsPage(RuleVotes votes, int page, int pageSize, State state, RuleGold gold)
    {
        var hits = new List<RuleHit>(pageSize);
        var documents = votes.Documents;
        var from = (long)(page - 1) * pageSize;
        for (var i = from; i < Math.Min(documents.Length, from + pageSize); i++)
        {
            var d = documents[(int)i];
            var answer = gold.Of(d) is { } classes ? string.Join(", ", classes.Select(c => state.Classes[c])) : null;
            hits.Add(new RuleHit(state.Corpus.Ids[d], Cut(state.Corpus.Texts[d]), answer));
        }

        return hits;
    }

    /// <summary>The first <see cref="TextLength"/> characters, not splitting a surrogate pair.</summary>
    internal static string Cut(string text)
    {
        if (text.Length <= TextLength)
        {
            return text;
        }

        return text[..(char.IsHighSurrogate(text[TextLength - 1]) ? TextLength - 1 : TextLength)];
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static RuleVotes Empty(int @class) => new([], Math.Max(0, @class));

    private static bool IsSimilarity(RuleKind kind) => kind is RuleKind.Similar or RuleKind.LabelDescription;

    private static Problem? PageProblem(int page, int pageSize) =>
        page < 1 ? Problem.Invalid("page", $"page starts at 1; got {page}.")
        : pageSize is < 1 or > MaxPageSize ? Problem.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}; got {pageSize}.")
        : null;

    private static Task<ProjectFacts?> ProjectAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken) =>
        db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new ProjectFacts(p.MultiLabel, p.Encoder)).FirstOrDefaultAsync(cancellationToken);

    private static Problem NoProject(int projectId) => Problem.NotFound($"There is no project {projectId}.");

    private sealed record ProjectFacts(bool MultiLabel, string Encoder);
}
