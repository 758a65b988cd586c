using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Loop;

namespace Tagloop.Core.Training;

/// <summary>
/// Fits a project's model from its current answers and ranks its unlabelled documents with the project's
/// strategy. Synchronous CPU work, run by <see cref="TrainingCoordinator"/> off the request path, in two steps: <see
/// cref="Train"/> (refit and re-rank: what the next annotator waits for) and <see cref="Evaluate"/> (cross-validation
/// and calibration, published a moment later). The encoded corpus and its projection for diversity are cached per
/// project and refreshed when documents are added. A project whose encoder has a sentence model learns from its
/// embeddings (<see cref="EmbeddingStore"/>, filled by <see cref="EmbeddingCoordinator"/>) once all but a tenth of
/// the documents have one (the rest read as the centre until theirs arrive), and from TF-IDF alone until then, so
/// the queue never waits for encoding.
/// </summary>
public sealed class ProjectTrainer(
    TimeProvider time, VectorCache? vectors = null, EncodingProgress? progress = null,
    EmbeddingStore? embeddings = null, DenseEncoders? denseEncoders = null, EmbeddingQueue? embeddingQueue = null)
{
    /// <summary>The size of the diverse head of the queue: about as many as annotators working at once.</summary>
    public const int HeadBatch = LabellingLoop.HeadBatch;
    private const int Bits = 18;
    private const int EncodeChunk = 20_000;
    private readonly Dictionary<int, EncodedCorpus> corpora = [];
    private readonly BayesianSoftmaxOptions options = new();

    /// <summary>Returns the new snapshot, or null when the project cannot be trained yet (too few labels or classes).</summary>
    public ModelSnapshot? Train(TagloopDbContext db, int projectId, ModelSnapshot? previous, int? lastVersion = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var project = db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefault(p => p.Id == projectId);
        if (project is null || project.Task != ProjectTask.Classification)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var corpus = Corpus(db, project);
        var answers = db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Kind == AnnotationKind.Answer)
            .Join(db.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => new { a.Id, a.DocumentId, l.LabelId })
            .OrderBy(x => x.Id)
            .ToList();

        var classes = project.Labels.OrderBy(l => l.Order).ToList();
        var classIndex = classes.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);

        // The newest answer on a document wins when annotators disagree; an answer may carry several labels.
        var answerOf = new Dictionary<long, (long Annotation, List<int> Labels)>();
        foreach (var answer in answers)
        {
            if (!classIndex.TryGetValue(answer.LabelId, out var index))
            {
                continue;
            }

            if (!answerOf.TryGetValue(answer.DocumentId, out var current) || current.Annotation != answer.Id)
            {
                current = (answer.Id, []);
                answerOf[answer.DocumentId] = current;
            }

            current.Labels.Add(index);
        }

        var rows = new List<int>();
        var sets = new List<int[]>();
        for (var row = 0; row < corpus.Ids.Length; row++)
        {
            if (answerOf.TryGetValue(corpus.Ids[row], out var answer))
            {
                rows.Add(row);
                sets.Add([.. answer.Labels.Distinct().Order()]);
            }
        }

        var k = classes.Count;
        var labels = new LabelledRows([.. rows], [.. sets], k, project.MultiLabel);
        if (!LabellingLoop.IsTrainable(labels))
        {
            return null;
        }

        var names = classes.Select(c => c.Name).ToList();
        // A model of other labels, or reading other features (the encoder changed, or embeddings arrived), is no warm
        // start, and its scores and calibration are not this model's.
        var same = previous is not null && previous.Classes.SequenceEqual(names) && previous.Classifier.MultiLabel == project.MultiLabel
            && previous.Encoder.Name == corpus.Encoder.Name;
        var version = Math.Max(previous?.Version ?? 0, lastVersion ?? 0) + 1;
        var strategy = AcquisitionCatalog.Find(project.Strategy) ?? AcquisitionCatalog.Find(AcquisitionCatalog.Default)!;

        // Until cross-validation calibrates the new model, it borrows the last model's calibration.
        var read = clock.Elapsed.TotalMilliseconds;
        var round = LabellingLoop.Refit(corpus.Features, corpus.Geometry, labels, strategy, same ? previous!.Classifier : null, version, options, span: corpus.Span);
        var ranked = new long[round.Order.Length];
        for (var i = 0; i < round.Order.Length; i++)
        {
            ranked[i] = corpus.Ids[round.Pool[round.Order[i]]];
        }

        var poolIds = round.Pool.Select(r => corpus.Ids[r]).ToArray();
        var coldStart = round.ColdStart ? ranked.Take(LabellingLoop.HeadBatch).ToHashSet() : [];
        return new ModelSnapshot(projectId, version, time.GetUtcNow(), rows.Count, names, corpus.Encoder, round.Model,
            ranked, new PoolPredictions(poolIds, round.Input.Probabilities, k, strategy.Name, coldStart, project.MultiLabel), clock.Elapsed.TotalMilliseconds)
        {
            TrainingFeatures = round.TrainingFeatures,
            TrainingLabels = labels,
            Evaluation = same ? previous!.Evaluation : null,
            EvaluatedLabels = same ? previous!.EvaluatedLabels : null,
            Phases = (read, round.Phases.Span, round.Phases.Fit, round.Phases.Score, round.Phases.Rank),
        };
    }

    /// <summary>
    /// Cross-validates the snapshot's labels (five folds, stratified) and calibrates the model on the held-out
    /// predictions (per label for multi-label models) when <see cref="EvaluationSchedule"/> says it is due; otherwise
    /// the same snapshot, which keeps the last evaluation and calibration.
    /// </summary>
    public ModelSnapshot Evaluate(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.TrainingFeatures is null || snapshot.TrainingLabels is null || !EvaluationSchedule.IsDue(snapshot.Labels, snapshot.EvaluatedLabels))
        {
            return snapshot;
        }

        var evaluation = LabellingLoop.Evaluate(snapshot.Classifier, snapshot.TrainingFeatures, snapshot.TrainingLabels, options, ModelEvaluation.MaxFolds);
        if (evaluation is null)
        {
            return snapshot;
        }

        return snapshot with
        {
            Classifier = evaluation.Calibrated,
            Evaluation = evaluation.HeldOut is { } heldOut
                ? ModelEvaluation.From(heldOut)
                : ModelEvaluation.FromLabels(evaluation.PerLabel!, snapshot.TrainingLabels.Sets),
            EvaluatedLabels = snapshot.Labels,
        };
    }

    private EncodedCorpus Corpus(TagloopDbContext db, Project project)
    {
        var projectId = project.Id;
        var count = db.Documents.Count(d => d.ProjectId == projectId);
        var setting = TextEncoderCatalog.Normalise(project.Encoder) ?? HashedTfidfEncoder.EncoderName;
        var (dense, hasSparse) = TextEncoderCatalog.Parts(setting);
        var denseEncoder = dense is not null && denseEncoders is not null && embeddings is not null ? DenseEncoder(dense) : null;
        var stored = denseEncoder is null ? 0 : embeddings!.Count(projectId, dense!, denseEncoder.Dimension);
        if (denseEncoder is not null && stored < count)
        {
            embeddingQueue?.Request(projectId);
        }

        // The cached corpus serves while the documents and the setting are the same and the choice between dense and
        // words-only features would not change; a dense corpus is rebuilt once the documents it read as the centre all
        // have their vectors (not after every chunk the encoder appends).
        if (corpora.TryGetValue(projectId, out var cached) && cached.Ids.Length == count && cached.Setting == setting
            && (cached.Dense
                ? stored == cached.Stored || stored < count
                : denseEncoder is null || !EnoughEmbeddings(stored, count)))
        {
            return cached;
        }

        cached?.Dispose();
        corpora.Remove(projectId);
        var ids = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Id).Select(d => d.Id).ToArray();

        // TF-IDF always: it is the features while embeddings are missing, and half of the default encoder.
        var termFrequencies = TermFrequencies(db, projectId, ids);
        var tfidf = HashedTfidfEncoder.FromTermFrequencies(termFrequencies, Bits);
        var sparse = tfidf.Weigh(termFrequencies);
        FeatureRows features = sparse;
        ITextEncoder encoder = tfidf;
        var view = denseEncoder is null || !EnoughEmbeddings(stored, ids.Length) ? null : embeddings!.Open(projectId, dense!, denseEncoder.Dimension);
        var (records, present) = view is null ? ([], 0) : Records(view, ids);
        if (view is not null && EnoughEmbeddings(present, ids.Length))
        {
            features = new FeatureRows(hasSparse ? sparse : null, view.Rows(records, view.Mean(records)));
            encoder = new JoinedTextEncoder(setting, hasSparse ? tfidf : null, denseEncoder!, ownsDense: false);
        }
        else
        {
            view?.Dispose();
            view = null;
        }

        var geometry = new float[features.Rows * RandomProjection.DefaultDimension];
        RandomProjection.Project(features, RandomProjection.DefaultDimension, geometry);
        var corpus = new EncodedCorpus(ids, setting, encoder, features, geometry, new SpanProjection(features, options.PosteriorRank), view is not null, view, stored);
        corpora[projectId] = corpus;
        return corpus;
    }

    /// <summary>
    /// Whether enough documents have sentence vectors for the model to read them: all but a tenth. The rest (an import
    /// being encoded) read as the centre meanwhile, so a small import does not send the model back to words alone.
    /// </summary>
    private static bool EnoughEmbeddings(int present, int documents) => present > 0 && present >= documents - (documents / 10);

    /// <summary>The sentence model for a project, or null (words only) when it cannot be loaded now; the next training tries again.</summary>
    private IDenseTextEncoder? DenseEncoder(string name)
    {
        try
        {
            return denseEncoders!.Get(name);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Each document's record in the embeddings file, in id order (−1 where it has none yet), and how many have one.</summary>
    private static (int[] Records, int Present) Records(EmbeddingView view, long[] ids)
    {
        var recordOf = new Dictionary<long, int>(view.Ids.Length);
        for (var r = 0; r < view.Ids.Length; r++)
        {
            recordOf[view.Ids[r]] = r;
        }

        var records = new int[ids.Length];
        var present = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (recordOf.TryGetValue(ids[i], out records[i]))
            {
                present++;
            }
            else
            {
                records[i] = -1;
            }
        }

        return (records, present);
    }

    /// <summary>
    /// Every document's term frequencies in id order: from the vector cache where it has them, the rest encoded in
    /// chunks (progress reported) and appended to it.
    /// </summary>
    private SparseMatrix TermFrequencies(TagloopDbContext db, int projectId, long[] ids)
    {
        var (cachedIds, cachedRows) = vectors?.Load(projectId, Bits) ?? ([], new SparseMatrix(1 << Bits, [0], [], []));
        var rowOf = new Dictionary<long, int>(cachedIds.Length);
        for (var r = 0; r < cachedIds.Length; r++)
        {
            rowOf[cachedIds[r]] = r;
        }

        var missing = ids.Where(id => !rowOf.ContainsKey(id)).ToArray();
        var parts = new List<(long[] Ids, SparseMatrix Rows)> { (cachedIds, cachedRows) };
        for (var done = 0; done < missing.Length; done += EncodeChunk)
        {
            progress?.Report(projectId, done, missing.Length);
            var chunk = missing.AsSpan(done, Math.Min(EncodeChunk, missing.Length - done)).ToArray();
            var first = chunk[0];
            var last = chunk[^1];
            var texts = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && d.Id >= first && d.Id <= last)
                .Select(d => new { d.Id, d.Text }).ToDictionary(d => d.Id, d => d.Text);
            var rows = HashedTfidfEncoder.TermFrequencies([.. chunk.Select(id => texts[id])], Bits);
            if (vectors is null)
            {
                parts.Add((chunk, rows));
            }
            else
            {
                // Kept on disk only: the whole corpus is read back once at the end, rather than held twice (the chunks
                // and their gathered copy; a million long documents are over a gigabyte of rows).
                vectors.Append(projectId, Bits, chunk, rows);
            }
        }

        progress?.Report(projectId, missing.Length, missing.Length);
        if (vectors is not null && missing.Length > 0)
        {
            // The first read is let go before the second is made.
            parts.Clear();
            (cachedIds, cachedRows) = (null!, null!);
            (cachedIds, cachedRows) = vectors.Load(projectId, Bits);
            parts.Add((cachedIds, cachedRows));
        }

        // Usually the cache holds the corpus as it is, in id order: its rows serve as they are, without a copy.
        if (parts.Count == 1 && cachedIds.AsSpan().SequenceEqual(ids))
        {
            return cachedRows;
        }

        // Gather the rows in the corpus's id order.
        var where = new Dictionary<long, (int Part, int Row)>(ids.Length);
        for (var p = 0; p < parts.Count; p++)
        {
            for (var r = 0; r < parts[p].Ids.Length; r++)
            {
                where[parts[p].Ids[r]] = (p, r);
            }
        }

        var starts = new int[ids.Length + 1];
        var nonZeros = 0L;
        for (var i = 0; i < ids.Length; i++)
        {
            var (part, row) = where[ids[i]];
            nonZeros += parts[part].Rows.RowIndices(row).Length;
        }

        var indices = new int[nonZeros];
        var values = new float[nonZeros];
        var at = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var (part, row) = where[ids[i]];
            var rowIndices = parts[part].Rows.RowIndices(row);
            rowIndices.CopyTo(indices.AsSpan(at));
            parts[part].Rows.RowValues(row).CopyTo(values.AsSpan(at));
            at += rowIndices.Length;
            starts[i + 1] = at;
        }

        return new SparseMatrix(1 << Bits, starts, indices, values);
    }

    /// <summary>
    /// A project's encoded documents (with sentence embeddings or not), their projection for diversity, and the span of
    /// its labelled rows (kept from one refit to the next); holds the embeddings' memory map. Setting is the project's
    /// encoder when it was built (the encoder may be TF-IDF alone while most embeddings are missing); Stored, how many
    /// documents had vectors then.
    /// </summary>
    private sealed record EncodedCorpus(long[] Ids, string Setting, ITextEncoder Encoder, FeatureRows Features, float[] Geometry, SpanProjection Span, bool Dense, EmbeddingView? View, int Stored) : IDisposable
    {
        public void Dispose() => View?.Dispose();
    }
}
