using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Core.Training;

/// <summary>
/// Fits a project's model from its current answers and ranks its unlabelled documents with the project's
/// strategy. Synchronous CPU work, run by <see cref="TrainingCoordinator"/> off the request path, in two steps: <see
/// cref="Train"/> (refit and re-rank: what the next annotator waits for) and <see cref="Evaluate"/> (cross-validation
/// and calibration, published a moment later). The encoded corpus and its projection for diversity are cached per
/// project and refreshed when documents are added.
/// </summary>
public sealed class ProjectTrainer(TimeProvider time)
{
    /// <summary>The size of the diverse head of the queue: about as many as annotators working at once.</summary>
    public const int HeadBatch = 20;

    private const int MinimumLabels = 2;
    private readonly Dictionary<int, EncodedCorpus> corpora = [];
    private readonly BayesianSoftmaxOptions options = new();

    /// <summary>Returns the new snapshot, or null when the project cannot be trained yet (too few labels or classes).</summary>
    public ModelSnapshot? Train(TagloopDbContext db, int projectId, ModelSnapshot? previous, int? lastVersion = null)
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
            if (labelOf.TryGetValue(corpus.Ids[row], out var label) && classIndex.TryGetValue(label, out var index))
            {
                rows.Add(row);
                targets.Add(index);
            }
        }

        if (rows.Count < MinimumLabels || targets.Distinct().Count() < 2)
        {
            return null;
        }

        var k = classes.Count;
        var names = classes.Select(c => c.Name).ToList();
        var sameClasses = previous is not null && previous.Classes.SequenceEqual(names);
        var labelledFeatures = corpus.Features.SelectRows(rows);
        var fitted = BayesianSoftmaxRegression.Fit(labelledFeatures, targets, k, options, sameClasses ? previous!.Classifier : null);

        // Until cross-validation calibrates this model, it borrows the last model's calibration.
        var classifier = sameClasses ? fitted.WithCalibration(previous!.Classifier.Calibration) : fitted;

        var labelled = new bool[corpus.Ids.Length];
        rows.ForEach(r => labelled[r] = true);
        var pool = Enumerable.Range(0, corpus.Ids.Length).Where(r => !labelled[r]).ToArray();
        var version = Math.Max(previous?.Version ?? 0, lastVersion ?? 0) + 1;
        var counts = new int[k];
        targets.ForEach(t => counts[t]++);
        var strategy = AcquisitionCatalog.Find(project.Strategy) ?? AcquisitionCatalog.Find(AcquisitionCatalog.Default)!;
        var input = PoolScorer.Moments(classifier, corpus.Features, pool) with
        {
            Geometry = new PoolGeometry(RandomProjection.DefaultDimension, corpus.Geometry, pool, [.. rows]),
            LabelCounts = counts,
        };
        var ranking = new RankingOptions(HeadBatch);
        var order = QueueRanker.Rank(strategy, input, ranking, seed: version);
        var ranked = new long[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            ranked[i] = corpus.Ids[pool[order[i]]];
        }

        var poolIds = pool.Select(r => corpus.Ids[r]).ToArray();
        var coldStart = QueueRanker.NeedsColdStart(input, ranking.ColdStartPerClass) && strategy is not RandomStrategy
            ? ranked.Take(HeadBatch).ToHashSet()
            : [];
        return new ModelSnapshot(projectId, version, time.GetUtcNow(), rows.Count, names, corpus.Encoder, classifier, strategy.Name,
            ranked, new PoolPredictions(poolIds, input.Probabilities, k, strategy.Name, coldStart), clock.Elapsed.TotalMilliseconds)
        {
            TrainingFeatures = labelledFeatures,
            TrainingTargets = [.. targets],
        };
    }

    /// <summary>
    /// Cross-validates the snapshot's labels (five folds, stratified) and calibrates its temperature on the held-out
    /// predictions; the same snapshot otherwise. Null figures below 10 labels.
    /// </summary>
    public ModelSnapshot Evaluate(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Labels < ModelEvaluation.MinimumLabels || snapshot.TrainingFeatures is null)
        {
            return snapshot;
        }

        var heldOut = CrossValidation.Run(snapshot.TrainingFeatures, snapshot.TrainingTargets, snapshot.Classes.Count, options, ModelEvaluation.MaxFolds);
        if (heldOut is null)
        {
            return snapshot;
        }

        return snapshot with
        {
            Classifier = snapshot.Classifier.WithCalibration(heldOut.FitCalibration()),
            Evaluation = ModelEvaluation.From(heldOut),
        };
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
        var features = encoder.Encode(texts);
        var geometry = new float[features.Rows * RandomProjection.DefaultDimension];
        RandomProjection.Project(features, RandomProjection.DefaultDimension, geometry);
        var corpus = new EncodedCorpus([.. documents.Select(d => d.Id)], encoder, features, geometry);
        corpora[projectId] = corpus;
        return corpus;
    }

    private sealed record EncodedCorpus(long[] Ids, ITextEncoder Encoder, SparseMatrix Features, float[] Geometry);
}
