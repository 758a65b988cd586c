using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Projects;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// Fits a span-tagging project's tagger (a linear-chain CRF, <see cref="CrfTrainer"/>) from its current answers and
/// ranks its unfinished documents by their most valuable unanswered sentence. Each current answer teaches sentence by
/// sentence: a sentence inside the parts it covers completely teaches every token (its spans, and outside them "no
/// entity"); elsewhere only its spans teach — accepted ones as those entities, rejected ones as "not this type" — and
/// every other token stays unknown (<see cref="CrfExample.FromSpans"/>), so a teach-mode answer never says "everything
/// else is outside". The token features are <paramref name="features"/>' (GloVe vectors and word clusters beside the word
/// features when the vectors are there). Synchronous CPU work, run by <see cref="TrainingCoordinator"/> off the request path.
/// </summary>
public sealed class SpanTrainer(TimeProvider time, TaggerFeatures? features = null)
{
    /// <summary>At most this many unfinished documents are read and scored per run (in the corpus' shuffle order).</summary>
    public const int MaxScoredDocuments = 2_000;

    /// <summary>At most this many of their sentences are tagged per run for the ranking.</summary>
    public const int MaxScoredSentences = 20_000;

    /// <summary>Cross-validation needs at least this many fully answered sentences.</summary>
    public const int MinimumEvaluationSentences = 20;

    private const int Folds = 5;

    /// <summary>Quick updates follow one another until the examples have grown by this many (or a fifth) since the last full refit.</summary>
    public const int MinimumFullRefitGrowth = 20;

    /// <summary>
    /// After a quick update only the head of the ranking, this many documents, is scored again with the updated tagger
    /// (the whole ranking is redone after full refits): the documents the next annotators will be given.
    /// </summary>
    public const int RerankedDocuments = 64;

    /// <summary>How many of the ranking's first documents a strategy that spreads its batches orders for variety.</summary>
    public const int SpreadDocuments = 200;

    /// <summary>Bootstrap taggers behind <c>bald</c>.</summary>
    public const int EnsembleSize = 4;

    /// <summary>L-BFGS iterations of a bootstrap tagger's refit, warm-started from the project's tagger.</summary>
    public const int EnsembleIterations = 30;

    /// <summary>Returns the new snapshot, or null when the project has no span answer with an entity yet.</summary>
    /// <param name="saved">
    /// The tagger saved before a restart (<see cref="ModelStore.LoadTagger"/>), a warm start for the first full refit
    /// when there is no <paramref name="previous"/> snapshot and its entity types are the project's.
    /// </param>
    public SpanModelSnapshot? Train(
        TagloopDbContext db, int projectId, SpanModelSnapshot? previous, int? lastVersion = null, LinearChainCrf? saved = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var project = db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefault(p => p.Id == projectId);
        if (project is null || project.Task != ProjectTask.SpanTagging || project.Labels.Count == 0)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var types = project.Labels.OrderBy(l => l.Order).Select(l => l.Name).ToList();
        var names = project.Labels.ToDictionary(l => l.Id, l => l.Name);
        var answers = db.Annotations.AsNoTracking().Include(a => a.Spans)
            .Where(a => a.ProjectId == projectId && a.IsCurrent && (a.Kind != AnnotationKind.Skip || a.Regions != null))
            .OrderBy(a => a.Id)
            .ToList();
        var answeredIds = answers.Select(a => a.DocumentId).Distinct().ToList();
        var texts = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && answeredIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Text }).ToDictionary(d => d.Id, d => d.Text);

        var examples = new List<CrfExample>();
        var folds = new List<int>();
        var entities = new List<(IReadOnlyList<string> Tokens, string Type, int Fold)>();
        var fullSentences = new List<TaggedSentence>();
        var documents = new Dictionary<long, SpanDocument>();
        foreach (var answer in answers)
        {
            if (!texts.TryGetValue(answer.DocumentId, out var text))
            {
                continue;
            }

            if (!documents.TryGetValue(answer.DocumentId, out var document))
            {
                document = SpanDocument.Read(text);
                documents[answer.DocumentId] = document;
            }

            var fold = SpanGazetteers.FoldOf(answer.DocumentId);
            var before = examples.Count;
            AddExamples(document, answer, names, examples, fullSentences, entities, fold);
            folds.AddRange(Enumerable.Repeat(fold, examples.Count - before));
        }

        if (!examples.Any(e => e.Allowed.Any(a => a is not null && a.Any(t => t != "O"))))
        {
            return null;
        }

        // After each answer a quick update refits only the weights the new sentences touch (CrfTrainer.Update); a full
        // refit, warm-started, runs when the types change and whenever the examples have grown by a fifth (at least
        // MinimumFullRefitGrowth) since the last one, so the quick updates never drift far.
        // New features (the vectors pulled since) mean a cold full refit: the old weights do not fit them.
        var featureSet = features?.Current(cancellationToken) ?? TaggerFeatureSet.Words;
        var same = previous is not null && previous.EntityTypes.SequenceEqual(types) && previous.Features == featureSet;
        var full = !same || examples.Count - previous!.FullRefitExamples >= Math.Max(MinimumFullRefitGrowth, previous.FullRefitExamples / 5);

        // The gazetteer of labelled entity strings is rebuilt at full refits and kept through the quick updates (which
        // need the features they update unchanged); each sentence trains with the other documents' half of it.
        var gazetteers = !featureSet.Gazetteer ? null : full || previous?.Gazetteers is null ? SpanGazetteers.Build(entities) : previous.Gazetteers;
        var options = featureSet.Options(types, gazetteers?.All);
        if (gazetteers is not null)
        {
            for (var i = 0; i < examples.Count; i++)
            {
                examples[i] = examples[i].WithGazetteer(gazetteers.OutOfFold[folds[i]]);
            }
        }

        var warm = same ? previous!.Tagger : previous is null && saved is not null && SameTypes(saved, types) && SameFeatures(saved, featureSet) ? saved : null;
        var tagger = full
            ? CrfTrainer.Train(examples, options, warm, cancellationToken)
            : CrfTrainer.Update(previous!.Tagger, examples, options, cancellationToken);

        var strategy = SentenceAcquisition.Find(project.Strategy) ?? SentenceAcquisition.Default;
        IReadOnlyList<LinearChainCrf>? ensemble = null;
        if (SentenceAcquisition.NeedsEnsemble(strategy))
        {
            ensemble = full || previous?.Ensemble is null
                ? TrainEnsemble(examples, options, tagger, cancellationToken)
                : UpdateEnsemble(previous.Ensemble, examples, options, cancellationToken);
        }

        var scorer = new SentenceScorer(strategy, tagger, ensemble);
        var paragraphs = project.SpanUnit == SpanUnits.Paragraph;
        var ranked = full || previous is null || previous.Strategy != strategy || previous.Paragraphs != paragraphs
            ? Rank(db, project, scorer)
            : Rerank(db, project, scorer, previous.Ranked);
        var version = Math.Max(previous?.Version ?? 0, lastVersion ?? 0) + 1;
        return new SpanModelSnapshot(projectId, version, time.GetUtcNow(), examples.Count, types, strategy, tagger, ranked, clock.Elapsed.TotalMilliseconds)
        {
            // Carried over until the next evaluation replaces it.
            Evaluation = previous?.Evaluation,
            FullSentences = fullSentences,
            FullRefitExamples = full ? examples.Count : previous!.FullRefitExamples,
            Ensemble = ensemble,
            Paragraphs = paragraphs,
            Features = featureSet,
            Gazetteers = gazetteers,
        };
    }

    /// <summary>The features to load a saved tagger with (<see cref="ModelStore.LoadTagger"/>): the vectors the next fit uses.</summary>
    public TaggerFeatureSet CurrentFeatures(CancellationToken cancellationToken = default) => features?.Current(cancellationToken) ?? TaggerFeatureSet.Words;

    /// <summary>Whether a saved tagger has the same kinds of features (vectors, clusters) as those of the next fit.</summary>
    private static bool SameFeatures(LinearChainCrf tagger, TaggerFeatureSet featureSet) =>
        (tagger.Features.Options.Vectors is null) == (featureSet.Features.Vectors is null)
        && (tagger.Features.Options.Clusters is null) == (featureSet.Features.Clusters is null)
        && (tagger.Features.Options.Clusters?.Granularities ?? []).SequenceEqual(featureSet.Features.Clusters?.Granularities ?? []);

    /// <summary>Whether a saved tagger knows exactly these entity types (a warm start with others would bring back removed ones).</summary>
    private static bool SameTypes(LinearChainCrf tagger, List<string> types) =>
        tagger.Labels.Where(l => l.StartsWith("B-", StringComparison.Ordinal)).Select(l => l[2..]).Order(StringComparer.Ordinal)
            .SequenceEqual(types.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// The bootstrap taggers behind <c>bald</c>: each learns from a Poisson(1) resample of the examples (an example's
    /// weight is how often the resample draws it, fixed by the member and the sentence, so a member keeps its resample
    /// as answers arrive), warm-started from the project's tagger for <see cref="EnsembleIterations"/> iterations.
    /// </summary>
    private static LinearChainCrf[] TrainEnsemble(List<CrfExample> examples, CrfOptions options, LinearChainCrf tagger, CancellationToken cancellationToken)
    {
        var members = new LinearChainCrf[EnsembleSize];
        var memberOptions = options with { MaxIterations = EnsembleIterations };
        for (var m = 0; m < members.Length; m++)
        {
            members[m] = CrfTrainer.Train(Resample(examples, m), memberOptions, tagger, cancellationToken);
        }

        return members;
    }

    private static LinearChainCrf[] UpdateEnsemble(IReadOnlyList<LinearChainCrf> previous, List<CrfExample> examples, CrfOptions options, CancellationToken cancellationToken)
    {
        var members = new LinearChainCrf[previous.Count];
        for (var m = 0; m < members.Length; m++)
        {
            members[m] = CrfTrainer.Update(previous[m], Resample(examples, m), options with { MaxIterations = EnsembleIterations }, cancellationToken);
        }

        return members;
    }

    /// <summary>The examples weighted by a Poisson(1) draw seeded by the member and the sentence's words; weight 0 ones are left out.</summary>
    internal static List<CrfExample> Resample(IReadOnlyList<CrfExample> examples, int member)
    {
        var drawn = new List<CrfExample>(examples.Count);
        foreach (var example in examples)
        {
            var hash = (ulong)(uint)member * 0x9E3779B97F4A7C15UL;
            foreach (var token in example.Tokens)
            {
                foreach (var c in token)
                {
                    hash = (hash ^ c) * 0x100000001B3UL; // FNV-1a over the characters, a space between words
                }

                hash = (hash ^ ' ') * 0x100000001B3UL;
            }

            // SplitMix64's finaliser, then the top 53 bits as a uniform number in [0, 1).
            hash ^= hash >> 30;
            hash *= 0xBF58476D1CE4E5B9UL;
            hash ^= hash >> 27;
            hash *= 0x94D049BB133111EBUL;
            hash ^= hash >> 31;
            var weight = PoissonOne((hash >> 11) * (1.0 / (1UL << 53)));
            if (weight > 0)
            {
                drawn.Add(example.WithWeight(example.Weight * weight));
            }
        }

        return drawn;
    }

    /// <summary>The Poisson(1) quantile of <paramref name="u"/> in [0, 1): 0 with probability 1/e, 1 with 1/e, 2 with 1/(2e)…</summary>
    internal static int PoissonOne(double u)
    {
        var p = Math.Exp(-1);
        var cumulative = p;
        var k = 0;
        while (u >= cumulative && k < 20)
        {
            k++;
            p /= k;
            cumulative += p;
        }

        return k;
    }

    /// <summary>
    /// Cross-validates the tagger's settings on the fully answered sentences (<see cref="Folds"/> folds, CoNLL exact-match
    /// entity figures); the snapshot as it was when there are fewer than <see cref="MinimumEvaluationSentences"/>.
    /// </summary>
    public static SpanModelSnapshot Evaluate(SpanModelSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sentences = snapshot.FullSentences;
        if (sentences is null || sentences.Count < MinimumEvaluationSentences)
        {
            return snapshot with { Evaluation = null };
        }

        var metrics = new EntityMetrics();
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = new List<TaggedSentence>();
            var test = new List<TaggedSentence>();
            for (var i = 0; i < sentences.Count; i++)
            {
                (i % Folds == fold ? test : train).Add(sentences[i]);
            }

            // As in training: the gazetteer of the training folds' entities, each training sentence reading the half it is not in.
            var gazetteers = snapshot.Features.Gazetteer ? SpanGazetteers.FromSentences(train) : null;
            var examples = train.Select((s, i) => gazetteers is null ? CrfExample.Full(s) : CrfExample.Full(s).WithGazetteer(gazetteers.OutOfFold[i % 2])).ToList();
            var tagger = CrfTrainer.Train(examples, snapshot.Features.Options(snapshot.EntityTypes, gazetteers?.All), cancellationToken: cancellationToken);
            foreach (var sentence in test)
            {
                metrics.Add(sentence.Tags, tagger.Decode(sentence.Tokens).Tags);
            }
        }

        return snapshot with { Evaluation = new SpanEvaluation(Folds, sentences.Count, metrics.Report()) };
    }

    private static void AddExamples(
        SpanDocument document, Annotation answer, Dictionary<int, string> names, List<CrfExample> examples, List<TaggedSentence> full,
        List<(IReadOnlyList<string> Tokens, string Type, int Fold)> entities, int fold)
    {
        var regions = SpanRegions.Parse(answer.Regions);
        foreach (var sentence in document.Sentences)
        {
            var accepted = new List<TokenSpan>();
            var rejected = new List<TokenSpan>();
            foreach (var span in answer.Spans)
            {
                if (names.TryGetValue(span.LabelId, out var label) && document.InSentence(sentence, span.Start, span.End, label) is { } inside)
                {
                    (span.Rejected ? rejected : accepted).Add(inside);
                }
            }

            var words = document.Words(sentence);
            foreach (var span in accepted)
            {
                entities.Add((words[span.Start..span.End], span.Label, fold));
            }

            if (answer.Kind == AnnotationKind.Answer || SpanRegions.Contains(regions, sentence.Start, sentence.End))
            {
                var tagged = new TaggedSentence(words, Tags(words.Length, accepted));
                examples.Add(CrfExample.Full(tagged));
                full.Add(tagged);
            }
            else if (accepted.Count > 0 || rejected.Count > 0)
            {
                examples.Add(CrfExample.FromSpans(words, NonOverlapping(accepted), rejected));
            }
        }
    }

    /// <summary>IOB2 tags of a sentence; where spans overlap (a project that allows it), the longer one is kept.</summary>
    private static string[] Tags(int length, List<TokenSpan> spans)
    {
        var tags = Enumerable.Repeat("O", length).ToArray();
        foreach (var span in NonOverlapping(spans))
        {
            for (var t = span.Start; t < span.End; t++)
            {
                tags[t] = (t == span.Start ? "B-" : "I-") + span.Label;
            }
        }

        return tags;
    }

    private static List<TokenSpan> NonOverlapping(List<TokenSpan> spans)
    {
        var kept = new List<TokenSpan>();
        foreach (var span in spans.OrderByDescending(s => s.End - s.Start).ThenBy(s => s.Start))
        {
            if (!kept.Exists(k => k.Start < span.End && span.Start < k.End))
            {
                kept.Add(span);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    /// <summary>
    /// Unfinished documents (no current answer covers all of them), the one whose most valuable part (sentence or
    /// paragraph, <see cref="Project.SpanUnit"/>) not yet covered by an answer scores highest first, read in the
    /// corpus' shuffle order up to <see cref="MaxScoredDocuments"/> documents and <see cref="MaxScoredSentences"/>
    /// sentences. The random strategy ranks nothing: the queue's shuffle order is random already.
    /// </summary>
    private static long[] Rank(TagloopDbContext db, Project project, SentenceScorer scorer)
    {
        if (scorer.Strategy == SentenceAcquisition.Random)
        {
            return [];
        }

        var finished = db.Annotations.Where(a => a.ProjectId == project.Id && a.IsCurrent && a.Kind == AnnotationKind.Answer).Select(a => a.DocumentId);
        var candidates = db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == project.Id && !finished.Contains(d.Id))
            .OrderBy(d => d.ShuffleKey)
            .Take(MaxScoredDocuments)
            .Select(d => new Candidate(d.Id, d.Text))
            .ToList();
        return Spread(scorer.Strategy, Score(db, project, scorer, candidates));
    }

    /// <summary>
    /// Documents by score, best first; for a strategy that spreads its batches (<see cref="SentenceAcquisition.SpreadsBatches"/>)
    /// the first <see cref="SpreadDocuments"/> are ordered by <see cref="SentenceAcquisition.SelectBatch"/> over their best
    /// parts' words, so near-copies of a part already near the top (the same heading or score line in many documents) go
    /// to the end of that stretch instead of filling it.
    /// </summary>
    private static long[] Spread(string strategy, List<(long Id, double Score, string[] Words)> scored)
    {
        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        if (!SentenceAcquisition.SpreadsBatches(strategy) || scored.Count < 2)
        {
            return [.. scored.Select(s => s.Id)];
        }

        var head = scored.Take(SpreadDocuments).ToList();
        var order = SentenceAcquisition.SelectBatch([.. head.Select(h => h.Score)], [.. head.Select(h => (IReadOnlyList<string>)h.Words)], head.Count);
        return [.. order.Select(i => head[i].Id), .. scored.Skip(head.Count).Select(s => s.Id)];
    }

    /// <summary>
    /// After a quick update: the first <see cref="RerankedDocuments"/> of the previous ranking still unfinished, scored
    /// again by the updated tagger and sorted, then the rest of the previous ranking as it was.
    /// </summary>
    private static long[] Rerank(TagloopDbContext db, Project project, SentenceScorer scorer, IReadOnlyList<long> previous)
    {
        if (scorer.Strategy == SentenceAcquisition.Random || previous.Count == 0)
        {
            return [.. previous];
        }

        var head = previous.Take(RerankedDocuments).ToList();
        var finished = db.Annotations.Where(a => a.ProjectId == project.Id && a.IsCurrent && a.Kind == AnnotationKind.Answer).Select(a => a.DocumentId);
        var candidates = db.Documents.AsNoTracking()
            .Where(d => d.ProjectId == project.Id && head.Contains(d.Id) && !finished.Contains(d.Id))
            .Select(d => new Candidate(d.Id, d.Text))
            .AsEnumerable()
            .OrderBy(c => head.IndexOf(c.Id))
            .ToList();
        return [.. Spread(scorer.Strategy, Score(db, project, scorer, candidates)), .. previous.Skip(head.Count)];
    }

    private sealed record Candidate(long Id, string Text);

    /// <summary>Each candidate's best unanswered part: its score and its words.</summary>
    private static List<(long Id, double Score, string[] Words)> Score(TagloopDbContext db, Project project, SentenceScorer scorer, List<Candidate> candidates)
    {
        var ids = candidates.Select(c => c.Id).ToList();
        var covered = db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == project.Id && a.IsCurrent && a.Kind != AnnotationKind.Answer && a.Regions != null && ids.Contains(a.DocumentId))
            .Select(a => new { a.DocumentId, a.Regions })
            .AsEnumerable()
            .GroupBy(a => a.DocumentId)
            .ToDictionary(g => g.Key, g => SpanRegions.Merge(g.SelectMany(a => SpanRegions.Parse(a.Regions) ?? [])));

        var paragraphs = project.SpanUnit == SpanUnits.Paragraph;
        var scores = new List<(long Id, double Score, string[] Words)>();
        var tagged = 0;
        foreach (var candidate in candidates)
        {
            if (tagged >= MaxScoredSentences)
            {
                break;
            }

            var document = SpanDocument.Read(candidate.Text);
            var regions = covered.GetValueOrDefault(candidate.Id) ?? [];
            var best = double.NegativeInfinity;
            SpanDocument.Part? bestPart = null;
            foreach (var part in document.Parts(paragraphs))
            {
                if (!SpanRegions.Contains(regions, part.Start, part.End))
                {
                    var score = scorer.Score(document, part).Score;
                    if (bestPart is null || score > best)
                    {
                        (best, bestPart) = (score, part);
                    }

                    tagged += part.EndSentence - part.FirstSentence;
                }
            }

            if (bestPart is { } found)
            {
                var words = Enumerable.Range(found.FirstSentence, found.EndSentence - found.FirstSentence).SelectMany(i => document.Words(document.Sentences[i])).ToArray();
                scores.Add((candidate.Id, best, words));
            }
        }

        return scores;
    }
}
