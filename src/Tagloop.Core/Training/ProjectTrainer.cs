using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Training;

/// <summary>
/// Fits a project's model from its current answers and ranks its unlabelled documents by BALD. Synchronous CPU
/// work, run by <see cref="TrainingCoordinator"/> off the request path. The encoded corpus is cached per project
/// and refreshed when documents are added.
/// </summary>
public sealed class ProjectTrainer(TimeProvider time)
{
    private const int MinimumLabels = 2;
    private readonly Dictionary<int, EncodedCorpus> corpora = [];
    private readonly BaldStrategy strategy = new();

    /// <summary>Returns the new snapshot, or null when the project cannot be trained yet (too few labels or classes).</summary>
    public ModelSnapshot? Train(TagloopDbContext db, int projectId, ModelSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(db);
        var project = db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefault(p => p.Id == projectId);
        if (project is null || project.MultiLabel || project.Task != ProjectTask.Classification)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var corpus = Corpus(db, projectId);
        var answers = db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer)
            .Join(db.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => new { a.Id, a.DocumentId, l.LabelId })
            .OrderBy(x => x.Id)
            .ToList();

        // The newest answer on a document wins when annotators disagree.
        var labelOf = new Dictionary<long, int>();
        foreach (var answer in answers)
        {
            labelOf[answer.DocumentId] = answer.LabelId;
        }

        var classes = project.Labels.OrderBy(l => l.Order).ToList();
        var classIndex = classes.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rows = new List<int>();
        var targets = new List<int>();
        for (var row = 0; row < corpus.Ids.Length; row++)
        {
            if (labelOf.TryGetValue(corpus.Ids[row], out var label))
            {
                rows.Add(row);
                targets.Add(classIndex[label]);
            }
        }

        if (rows.Count < MinimumLabels || targets.Distinct().Count() < 2)
        {
            return null;
        }

        var options = new BayesianSoftmaxOptions();
        var classifier = BayesianSoftmaxRegression.Fit(corpus.Features.SelectRows(rows), targets, classes.Count, options, previous?.Classifier);

        var labelled = rows.ToHashSet();
        var pool = Enumerable.Range(0, corpus.Ids.Length).Where(r => !labelled.Contains(r)).ToList();
        var k = classes.Count;
        var version = (previous?.Version ?? 0) + 1;
        var (probabilities, scores) = PoolScorer.Score(classifier, corpus.Features.SelectRows(pool), strategy, seed: version);

        var order = Enumerable.Range(0, pool.Count).OrderByDescending(i => scores[i]).ThenBy(i => corpus.Ids[pool[i]]).ToList();
        var ranked = order.Select(i => corpus.Ids[pool[i]]).ToList();
        var documentScores = new Dictionary<long, DocumentScore>(pool.Count);
        for (var i = 0; i < pool.Count; i++)
        {
            documentScores[corpus.Ids[pool[i]]] = Describe(probabilities.AsSpan(i * k, k), classes.Select(c => c.Name).ToList());
        }

        var evaluation = ModelEvaluation.CrossValidate(corpus.Features.SelectRows(rows), targets, k, options);
        return new ModelSnapshot(projectId, version, time.GetUtcNow(), rows.Count, [.. classes.Select(c => c.Name)], corpus.Encoder,
            classifier, ranked, documentScores, evaluation, clock.Elapsed.TotalMilliseconds);
    }

    private static DocumentScore Describe(ReadOnlySpan<float> p, List<string> names)
    {
        var best = 0;
        var second = -1;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                second = best;
                best = c;
            }
            else if (second < 0 || p[c] > p[second])
            {
                second = c;
            }
        }

        var margin = p[best] - (second >= 0 ? p[second] : 0);
        var reason = margin < 0.2f && second >= 0
            ? $"The model is unsure between {names[best]} and {names[second]}."
            : $"The model leans to {names[best]} ({p[best].ToString("P0", CultureInfo.InvariantCulture)}) but plausible models disagree; this label will teach it most.";
        return new DocumentScore(names[best], p[best], reason);
    }

    private EncodedCorpus Corpus(TagloopDbContext db, int projectId)
    {
        var count = db.Documents.Count(d => d.ProjectId == projectId);
        if (corpora.TryGetValue(projectId, out var cached) && cached.Ids.Length == count)
        {
            return cached;
        }

        var documents = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Text }).ToList();
        var texts = documents.Select(d => d.Text).ToList();
        var encoder = HashedTfidfEncoder.Fit(texts);
        var corpus = new EncodedCorpus([.. documents.Select(d => d.Id)], encoder, encoder.Encode(texts));
        corpora[projectId] = corpus;
        return corpus;
    }

    private sealed record EncodedCorpus(long[] Ids, HashedTfidfEncoder Encoder, SparseMatrix Features);
}
