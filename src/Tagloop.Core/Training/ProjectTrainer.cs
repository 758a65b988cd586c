using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;
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

    /// <summary>From this many documents a rebuilt corpus is followed by a full, compacting collection.</summary>
    private const int LargeCorpus = 100_000;
    private readonly Dictionary<int, EncodedCorpus> corpora = [];
    /// <summary>Up to this many answers, likely mislabels read out-of-fold predictions at the searched prior (<see cref="Evaluate"/>).</summary>
    public const int MislabelSearchLimit = 10_000;

    private readonly BayesianSoftmaxOptions options = new();

    /// <summary>Drops the project's encoded corpus (documents were deleted, or the project): the next run reads it afresh.</summary>
    public void Forget(int projectId)
    {
        if (corpora.Remove(projectId, out var corpus))
        {
            corpus.Dispose();
        }
    }

    /// <summary>Returns the new snapshot, or null when the project cannot be trained yet (too few labels or classes).</summary>
    /// <param name="weak">
    /// The switched-on rules' labels (<see cref="WeakSupervision.RuleWorkbench.LoopLabelsAsync"/>): a single-label model
    /// trains on them beside the answers, up to <see cref="WeakLabels.MaxTrainingDocuments"/> documents each weighing
    /// <see cref="WeakLabels.DefaultWeight"/> of an answer at first, less as answers come and as they show the rules
    /// unreliable (<see cref="WeakLabels"/>), and the queue leans to where they are missing, unsure or contradicted
    /// (<see cref="WeakTargeting"/>); with them a project trains before its first answer.
    /// </param>
    public ModelSnapshot? Train(TagloopDbContext db, int projectId, ModelSnapshot? previous, int? lastVersion = null, WeakSupervision.ProjectWeakLabels? weak = null)
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

        // Each person's current answer on a document (an answer may carry several labels); where several people answered,
        // the model learns what most of them said, and nothing from a tie (Consensus).
        var answersOf = new Dictionary<long, Dictionary<long, List<int>>>();
        foreach (var answer in answers)
        {
            if (!classIndex.TryGetValue(answer.LabelId, out var index))
            {
                continue;
            }

            if (!answersOf.TryGetValue(answer.DocumentId, out var byAnnotation))
            {
                byAnnotation = [];
                answersOf[answer.DocumentId] = byAnnotation;
            }

            if (!byAnnotation.TryGetValue(answer.Id, out var labelsOfAnswer))
            {
                labelsOfAnswer = [];
                byAnnotation[answer.Id] = labelsOfAnswer;
            }

            labelsOfAnswer.Add(index);
        }

        // A reviewer's final label overrides what the answers agree on.
        var finals = db.AdjudicationLabels.AsNoTracking()
            .Join(db.Adjudications.Where(a => a.ProjectId == projectId), l => l.DocumentId, a => a.DocumentId, (l, a) => new { l.DocumentId, l.LabelId })
            .AsEnumerable()
            .Where(l => classIndex.ContainsKey(l.LabelId))
            .GroupBy(l => l.DocumentId)
            .ToDictionary(g => g.Key, g => g.Select(l => classIndex[l.LabelId]).Distinct().Order().ToArray());

        var rows = new List<int>();
        var sets = new List<int[]>();
        for (var row = 0; row < corpus.Ids.Length; row++)
        {
            if (finals.TryGetValue(corpus.Ids[row], out var final))
            {
                rows.Add(row);
                sets.Add(final);
            }
            else if (answersOf.TryGetValue(corpus.Ids[row], out var byAnnotation)
                && Consensus.Of([.. byAnnotation.Values], project.MultiLabel) is { } agreed)
            {
                rows.Add(row);
                sets.Add(agreed);
            }
        }

        var k = classes.Count;
        var labels = new LabelledRows([.. rows], [.. sets], k, project.MultiLabel);
        var weakLabels = project.MultiLabel || weak is null ? null : WeakRows(weak, corpus.Ids, classes.Select(c => c.Name).ToList());
        if (!LabellingLoop.IsTrainable(labels, weakLabels))
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
        var round = LabellingLoop.Refit(corpus.Features, corpus.Geometry, labels, strategy, same ? previous!.Classifier : null, version, options, span: corpus.Span, weak: weakLabels);
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
            TrainingWeak = round.Weak,
            TrainingDocuments = [.. rows.Select(r => corpus.Ids[r])],
            OutOfFold = same ? previous!.OutOfFold : null,
            MislabelPriorStep = previous?.MislabelPriorStep,
            Evaluation = same ? previous!.Evaluation : null,
            EvaluatedLabels = same ? previous!.EvaluatedLabels : null,
            Phases = (read, round.Phases.Span, round.Phases.Fit, round.Phases.Score, round.Phases.Rank),
        };
    }

    /// <summary>The rules' labels as corpus rows, classes matched by name (a class the project no longer has is dropped and the rest renormalised).</summary>
    private static WeakLabels? WeakRows(WeakSupervision.ProjectWeakLabels weak, long[] ids, List<string> names)
    {
        var k = names.Count;
        var to = weak.Classes.Select(c => names.IndexOf(c)).ToArray();
        var rows = new List<int>();
        var probabilities = new List<float>();
        var q = new float[k];
        for (var i = 0; i < weak.DocumentIds.Length; i++)
        {
            var row = Array.BinarySearch(ids, weak.DocumentIds[i]);
            if (row < 0)
            {
                continue;
            }

            Array.Clear(q);
            var sum = 0f;
            for (var c = 0; c < weak.Classes.Length; c++)
            {
                if (to[c] >= 0)
                {
                    q[to[c]] += weak.Probabilities[(i * weak.Classes.Length) + c];
                    sum += weak.Probabilities[(i * weak.Classes.Length) + c];
                }
            }

            if (sum > 0)
            {
                rows.Add(row);
                probabilities.AddRange(q.Select(v => v / sum));
            }
        }

        return rows.Count == 0 || k < 2 ? null : new WeakLabels([.. rows], [.. probabilities], k, WeakLabels.DefaultWeight);
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

        var evaluation = LabellingLoop.Evaluate(snapshot.Classifier, snapshot.TrainingFeatures, snapshot.TrainingLabels, options, ModelEvaluation.MaxFolds, snapshot.TrainingWeak);
        if (evaluation is null)
        {
            return snapshot;
        }

        // Likely mislabels and the annotators' agreement with the model read out-of-fold predictions at the prior that
        // predicts the answers given best (held-out likelihood; no clean label needed): the model's own prior is weak, so
        // that it learns from few labels, and then it fits wrong answers too and blurs exactly what confident learning
        // reads (docs/benchmarks/mislabels.md measures both).
        // The search costs about three more cross-validations, and evaluations hold up the next refit: above
        // MislabelSearchLimit answers it is left out and the evaluation's own held-out predictions serve.
        var search = evaluation.HeldOut is not null && snapshot.Labels <= MislabelSearchLimit
            ? PriorSearch.Run(snapshot.TrainingFeatures, [.. snapshot.TrainingLabels.Sets.Select(set => set[0])], snapshot.TrainingLabels.Classes,
                options, ModelEvaluation.MaxFolds, snapshot.MislabelPriorStep ?? 0)
            : null;
        return snapshot with
        {
            Classifier = evaluation.Calibrated,
            Evaluation = evaluation.HeldOut is { } heldOut
                ? ModelEvaluation.From(heldOut)
                : ModelEvaluation.FromLabels(evaluation.PerLabel!, snapshot.TrainingLabels.Sets),
            EvaluatedLabels = snapshot.Labels,
            OutOfFold = (search?.Predictions ?? evaluation.HeldOut) is { } rows && snapshot.TrainingDocuments is { } documents
                ? new OutOfFold([.. documents], rows.Labels, rows.Probabilities(), rows.Classes)
                : null,
            MislabelPriorStep = search?.Step ?? snapshot.MislabelPriorStep,
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
        var (tfidf, sparse) = vectors is null ? WeighInMemory(db, projectId, ids) : WeighFromCache(db, projectId, ids);
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

        var geometry = RandomProjection.ProjectQuantised(features, RandomProjection.DefaultDimension);
        var corpus = new EncodedCorpus(ids, setting, encoder, features, geometry, new SpanProjection(features, options.PosteriorRank), view is not null, view, stored);
        corpora[projectId] = corpus;
        if (ids.Length >= LargeCorpus)
        {
            // Encoding a large corpus leaves hundreds of megabytes of texts and buffers collected but still held by
            // the heap; give them back before the refit adds its own (once per rebuilt corpus, not per refit).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

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

    /// <summary>Without a vector cache (tests, benchmarks): every document encoded here, then weighed.</summary>
    private (HashedTfidfEncoder Encoder, SparseMatrix Rows) WeighInMemory(TagloopDbContext db, int projectId, long[] ids)
    {
        var parts = new List<SparseMatrix>();
        for (var done = 0; done < ids.Length; done += EncodeChunk)
        {
            progress?.Report(projectId, done, ids.Length);
            var chunk = ids.AsSpan(done, Math.Min(EncodeChunk, ids.Length - done)).ToArray();
            parts.Add(HashedTfidfEncoder.TermFrequencies(Texts(db, projectId, chunk), Bits));
        }

        progress?.Report(projectId, ids.Length, ids.Length);
        var starts = new int[ids.Length + 1];
        var indices = new int[parts.Sum(p => p.Indices.Length)];
        var values = new float[indices.Length];
        var (row, at) = (0, 0);
        foreach (var part in parts)
        {
            part.Indices.CopyTo(indices, at);
            part.Values.CopyTo(values, at);
            for (var r = 0; r < part.Rows; r++)
            {
                starts[++row] = at + part.RowStart[r + 1];
            }

            at += part.Indices.Length;
        }

        var termFrequencies = new SparseMatrix(1 << Bits, starts, indices, values);
        var tfidf = HashedTfidfEncoder.FromTermFrequencies(termFrequencies, Bits);
        return (tfidf, tfidf.Weigh(termFrequencies));
    }

    /// <summary>
    /// Every document's weighted row, in id order, from the vector cache: the documents it lacks are encoded in chunks
    /// (progress reported) and appended first; then three passes over the file — document frequencies, each row's
    /// length, the rows themselves — so the term frequencies are never held in memory beside the weighted rows (at a
    /// million documents either is over half a gigabyte). A document cached twice (an append repeated after a crash)
    /// reads its last record.
    /// </summary>
    private (HashedTfidfEncoder Encoder, SparseMatrix Rows) WeighFromCache(TagloopDbContext db, int projectId, long[] ids)
    {
        var cachedIds = vectors!.Ids(projectId, Bits);
        var cached = new HashSet<long>(cachedIds);
        var missing = ids.Where(id => !cached.Contains(id)).ToArray();
        for (var done = 0; done < missing.Length; done += EncodeChunk)
        {
            progress?.Report(projectId, done, missing.Length);
            var chunk = missing.AsSpan(done, Math.Min(EncodeChunk, missing.Length - done)).ToArray();
            vectors.Append(projectId, Bits, chunk, HashedTfidfEncoder.TermFrequencies(Texts(db, projectId, chunk), Bits));
        }

        progress?.Report(projectId, missing.Length, missing.Length);

        // Each record's corpus row (ids are in ascending order; the cached records, then those just appended), or −1:
        // another document's, or an earlier copy of one cached again.
        var rowOfRecord = new int[cachedIds.Length + missing.Length];
        var recordOf = new int[ids.Length];
        Array.Fill(recordOf, -1);
        var record = 0;
        foreach (var id in cachedIds.Concat(missing))
        {
            var row = Array.BinarySearch(ids, id);
            rowOfRecord[record] = row >= 0 ? row : -1;
            if (row >= 0)
            {
                if (recordOf[row] >= 0)
                {
                    rowOfRecord[recordOf[row]] = -1;
                }

                recordOf[row] = record;
            }

            record++;
        }

        if (Array.IndexOf(recordOf, -1) is var absent and >= 0)
        {
            throw new InvalidOperationException($"Document {ids[absent]} of project {projectId} is missing from the vector cache after encoding.");
        }

        var df = new int[1 << Bits];
        vectors.Scan(projectId, Bits, (r, _, indices, _) =>
        {
            if (RowOf(r) >= 0)
            {
                foreach (var feature in indices)
                {
                    df[feature]++;
                }
            }
        });
        var tfidf = HashedTfidfEncoder.FromDocumentFrequencies(df, ids.Length, Bits);

        var lengths = new int[ids.Length + 1];
        vectors.Scan(projectId, Bits, (r, _, indices, values) =>
        {
            if (RowOf(r) is var row and >= 0)
            {
                lengths[row + 1] = tfidf.Kept(indices, values);
            }
        });
        for (var row = 0; row < ids.Length; row++)
        {
            lengths[row + 1] += lengths[row];
        }

        var starts = lengths;
        var entries = new uint[starts[^1]];
        vectors.Scan(projectId, Bits, (r, _, indices, values) =>
        {
            if (RowOf(r) is var row and >= 0)
            {
                tfidf.WeighRow(indices, values, entries.AsSpan(starts[row], starts[row + 1] - starts[row]));
            }
        });
        return (tfidf, SparseMatrix.FromPacked(1 << Bits, starts, entries));

        int RowOf(int r) => r < rowOfRecord.Length ? rowOfRecord[r] : -1;
    }

    /// <summary>The texts of some of a project's documents (ascending ids), in their order.</summary>
    private static string[] Texts(TagloopDbContext db, int projectId, long[] chunk)
    {
        var (first, last) = (chunk[0], chunk[^1]);
        var texts = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && d.Id >= first && d.Id <= last)
            .Select(d => new { d.Id, d.Text }).ToDictionary(d => d.Id, d => d.Text);
        return [.. chunk.Select(id => texts[id])];
    }

    /// <summary>
    /// A project's encoded documents (with sentence embeddings or not), their projection for diversity, and the span of
    /// its labelled rows (kept from one refit to the next); holds the embeddings' memory map. Setting is the project's
    /// encoder when it was built (the encoder may be TF-IDF alone while most embeddings are missing); Stored, how many
    /// documents had vectors then.
    /// </summary>
    private sealed record EncodedCorpus(long[] Ids, string Setting, ITextEncoder Encoder, FeatureRows Features, QuantisedRows Geometry, SpanProjection Span, bool Dense, EmbeddingView? View, int Stored) : IDisposable
    {
        public void Dispose() => View?.Dispose();
    }
}
