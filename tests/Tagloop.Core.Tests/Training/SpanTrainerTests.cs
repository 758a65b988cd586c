using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Import;
using Tagloop.Core.Packages;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Tests.Import;
using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Tests.Training;

/// <summary>The span tagger's runs: the warm start after a restart, the bootstrap ensemble behind bald, paragraphs and their scores.</summary>
public sealed class SpanTrainerTests
{
    private static readonly string[] People = ["Anna", "Boris", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karl", "Lena"];
    private static readonly string[] Places = ["Berlin", "Madrid", "Oslo", "Vienna", "Lisbon", "Prague", "Dublin", "Rome", "Athens", "Warsaw", "Bern", "Riga"];

    [Fact]
    public void Paragraphs_are_the_sentences_up_to_a_blank_line()
    {
        const string Text = "Anna met Boris. They talked.\nThen left.\n\n  \nClara stayed.\u2029Hugo too.";
        var document = SpanDocument.Read(Text);
        Assert.Equal(5, document.Sentences.Count);

        var sentences = document.Parts(paragraphs: false);
        Assert.Equal(document.Sentences.Select(s => (s.Start, s.End)), sentences.Select(p => (p.Start, p.End)));

        var paragraphs = document.Parts(paragraphs: true);
        Assert.Equal(["Anna met Boris. They talked.\nThen left.", "Clara stayed.", "Hugo too."], paragraphs.Select(p => Text[p.Start..p.End]));
        Assert.Equal([(0, 3), (3, 4), (4, 5)], paragraphs.Select(p => (p.FirstSentence, p.EndSentence)));
    }

    [Fact]
    public void A_paragraph_scores_its_sentences_per_token_and_least_confidence_multiplies_their_chances()
    {
        var tagger = CrfTrainer.Train([.. Sentences().Take(8).Select(s => CrfExample.Full(s))], new CrfOptions(EntityTypes: ["LOC", "PER"]));
        var document = SpanDocument.Read("Ida lives in Athens .\nJonas lives in Warsaw today .");
        var paragraph = Assert.Single(document.Parts(paragraphs: true));
        var first = tagger.Decode(document.Words(document.Sentences[0]));
        var second = tagger.Decode(document.Words(document.Sentences[1]));

        var mnlp = new SentenceScorer(SentenceAcquisition.Mnlp, tagger, null).Score(document, paragraph);
        var expected = ((5 * -first.NormalizedLogProbability) + (6 * -second.NormalizedLogProbability)) / 11;
        Assert.Equal(expected, mnlp.Score, 12);
        Assert.Equal(2, mnlp.Predictions.Count);

        var least = new SentenceScorer(SentenceAcquisition.LeastConfidence, tagger, null).Score(document, paragraph).Score;
        Assert.Equal(1 - (first.BestPathProbability * second.BestPathProbability), least, 12);

        // Without an ensemble bald cannot score, and random has nothing to say inside a document: mnlp stands in.
        Assert.Equal(SentenceAcquisition.Mnlp, new SentenceScorer(SentenceAcquisition.Bald, tagger, null).Scoring);
        Assert.Equal(SentenceAcquisition.Mnlp, new SentenceScorer(SentenceAcquisition.Random, tagger, null).Scoring);
        Assert.Equal(SentenceAcquisition.Bald, new SentenceScorer(SentenceAcquisition.Bald, tagger, [tagger, tagger]).Scoring);
    }

    [Fact]
    public void Poisson_resamples_are_fixed_by_member_and_sentence()
    {
        // The Poisson(1) quantiles: P(0) = P(1) = 1/e ≈ 0.3679, P(2) = 1/(2e) ≈ 0.1839, P(3) ≈ 0.0613.
        Assert.Equal(0, SpanTrainer.PoissonOne(0.0));
        Assert.Equal(0, SpanTrainer.PoissonOne(0.3678));
        Assert.Equal(1, SpanTrainer.PoissonOne(0.3680));
        Assert.Equal(1, SpanTrainer.PoissonOne(0.7357));
        Assert.Equal(2, SpanTrainer.PoissonOne(0.7359));
        Assert.Equal(2, SpanTrainer.PoissonOne(0.9196));
        Assert.Equal(3, SpanTrainer.PoissonOne(0.9198));

        var examples = Enumerable.Range(0, 2_000).Select(i => CrfExample.Full(new TaggedSentence([$"w{i}", "x"], ["O", "O"]))).ToList();
        var first = SpanTrainer.Resample(examples, 0);
        var again = SpanTrainer.Resample([.. Enumerable.Reverse(examples)], 0);
        Assert.Equal(
            first.Select(e => (e.Tokens[0], e.Weight)).OrderBy(p => p.Item1, StringComparer.Ordinal),
            again.Select(e => (e.Tokens[0], e.Weight)).OrderBy(p => p.Item1, StringComparer.Ordinal));

        // About 1/e of the sentences are left out and the weights average 1 over all of them.
        Assert.InRange(first.Count / 2_000.0, 0.60, 0.66);
        Assert.InRange(first.Sum(e => e.Weight) / 2_000.0, 0.93, 1.07);
        var other = SpanTrainer.Resample(examples, 1);
        Assert.NotEqual(first.Select(e => e.Tokens[0]), other.Select(e => e.Tokens[0]));
    }

    [Fact]
    public async Task A_saved_tagger_warm_starts_the_first_refit_after_a_restart_when_its_types_are_the_projects()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await SeedAsync(database, answered: 10);
        var trainer = new SpanTrainer(TimeProvider.System);
        var cold = trainer.Train(database.NewContext(), project.Id, previous: null);
        Assert.NotNull(cold);

        // The same answers from the saved tagger: it is (almost) the optimum already.
        var store = new ModelStore(Path.Combine(database.Folder, "models"));
        store.Save(cold);
        var saved = store.LoadTagger(project.Id);
        Assert.NotNull(saved);
        var warm = trainer.Train(database.NewContext(), project.Id, previous: null, saved: saved);
        Assert.NotNull(warm);
        Assert.True(
            warm.Tagger.Optimisation.Iterations < cold.Tagger.Optimisation.Iterations,
            $"warm {warm.Tagger.Optimisation.Iterations} iterations, cold {cold.Tagger.Optimisation.Iterations}");

        // A tagger of other entity types is no warm start: the run is the cold one.
        var other = CrfTrainer.Train([CrfExample.Full(new TaggedSentence(["Acme", "sells"], ["B-ORG", "O"]))], new CrfOptions(EntityTypes: ["ORG"]));
        var ignored = trainer.Train(database.NewContext(), project.Id, previous: null, saved: other);
        Assert.Equal(cold.Tagger.Optimisation.Iterations, ignored!.Tagger.Optimisation.Iterations);
        Assert.Equal(cold.Tagger.Labels, ignored.Tagger.Labels);

        // Garbage or a missing file is no tagger.
        Assert.Null(store.LoadTagger(project.Id + 1));
        await File.WriteAllBytesAsync(store.PathOf(project.Id), [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Null(store.LoadTagger(project.Id));
    }

    [Fact]
    public async Task Bald_projects_rank_with_a_bootstrap_ensemble_and_quick_updates_rerank_only_the_head()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await SeedAsync(database, answered: 8, strategy: SentenceAcquisition.Bald);
        var trainer = new SpanTrainer(TimeProvider.System);
        var first = trainer.Train(database.NewContext(), project.Id, previous: null);
        Assert.NotNull(first);
        Assert.Equal(SpanTrainer.EnsembleSize, first.Ensemble!.Count);
        Assert.Equal(4, first.Ranked.Count); // the four unanswered documents
        var unanswered = await database.Db.Documents.Where(d => d.ProjectId == project.Id).OrderBy(d => d.Id).Skip(8).Select(d => d.Id).ToListAsync();
        Assert.Equal(unanswered.Order(), first.Ranked.Order());

        // One more answer: a quick update (updated members, no refit), and the answered document leaves the ranking's head.
        await AnswerAsync(database, project, unanswered[0], 8);
        var second = trainer.Train(database.NewContext(), project.Id, first);
        Assert.NotNull(second);
        Assert.Equal(first.FullRefitExamples, second.FullRefitExamples);
        Assert.Equal(SpanTrainer.EnsembleSize, second.Ensemble!.Count);
        // A member whose resample draws the new sentence is updated; one that leaves it out stays as it was.
        var drawn = Enumerable.Range(0, SpanTrainer.EnsembleSize).Where(m => SpanTrainer.Resample([CrfExample.Full(new TaggedSentence([People[8], "lives", "in", Places[8], "."], ["B-PER", "O", "O", "B-LOC", "O"]))], m).Count == 1).ToList();
        Assert.NotEmpty(drawn);
        Assert.All(Enumerable.Range(0, SpanTrainer.EnsembleSize), m => Assert.Equal(drawn.Contains(m), !ReferenceEquals(first.Ensemble[m], second.Ensemble[m])));
        Assert.Equal(unanswered.Skip(1).Order(), second.Ranked.Order());

        // Other strategies keep no ensemble.
        var plain = await SeedAsync(database, answered: 8, strategy: SentenceAcquisition.Mnlp);
        Assert.Null(trainer.Train(database.NewContext(), plain.Id, previous: null)!.Ensemble);
    }

    [Fact]
    public async Task Surprisal_ranks_near_copies_of_a_part_already_near_the_top_last()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await SeedAsync(database, answered: 8, strategy: SentenceAcquisition.Surprisal, extra: ["EASTERN DIVISION", "Eastern Division", "EASTERN DIVISION :"]);
        var first = new SpanTrainer(TimeProvider.System).Train(database.NewContext(), project.Id, previous: null);
        Assert.NotNull(first);
        var texts = await database.Db.Documents.Where(d => d.ProjectId == project.Id).ToDictionaryAsync(d => d.Id, d => d.Text);
        var ranked = first.Ranked.Select(id => texts[id]).ToList();
        Assert.Equal(7, ranked.Count);

        // However sure the tagger is of them, at most one of the three copies comes before the other documents.
        var copies = ranked.Select((t, i) => (t, i)).Where(p => p.t.StartsWith("EASTERN", StringComparison.OrdinalIgnoreCase)).Select(p => p.i).ToList();
        Assert.Equal(3, copies.Count);
        Assert.Equal([5, 6], copies.Skip(1));
    }

    [Fact]
    public async Task With_GloVe_vectors_in_the_models_folder_the_tagger_reads_vectors_and_clusters_and_generalises_to_unseen_names()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await SeedAsync(database, answered: 10);
        var models = Path.Combine(database.Folder, "models");
        using var features = new TaggerFeatures(models);
        var trainer = new SpanTrainer(TimeProvider.System, features);

        // Before the vectors are pulled: words only.
        var words = trainer.Train(database.NewContext(), project.Id, previous: null);
        Assert.NotNull(words);
        Assert.Same(TaggerFeatureSet.Words, words.Features);
        Assert.Null(words.Tagger.Features.Options.Vectors);

        // The gazetteer of the labelled entities: all of them for tagging; in training, the other half's documents only.
        var gazetteers = words.Gazetteers!;
        Assert.Same(gazetteers.All, words.Tagger.Features.Options.Gazetteer);
        Assert.Equal(20, gazetteers.All.Count);
        var documentIds = await database.Db.Documents.Where(d => d.ProjectId == project.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        for (var i = 0; i < 10; i++)
        {
            var half = SpanGazetteers.FoldOf(documentIds[i]);
            Assert.Empty(gazetteers.OutOfFold[half].TypesOf([People[i]], 0, 1));
            Assert.Equal(["PER"], gazetteers.OutOfFold[1 - half].TypesOf([People[i]], 0, 1));
            Assert.Equal(["LOC"], gazetteers.All.TypesOf([Places[i]], 0, 1));
        }

        Assert.Contains(0, documentIds.Take(10).Select(SpanGazetteers.FoldOf));
        Assert.Contains(1, documentIds.Take(10).Select(SpanGazetteers.FoldOf));

        // Generated vectors: names of people along one direction, places along another, the rest scattered.
        var unseenPerson = "Zora";
        var unseenPlace = "Quito";
        WriteVectors(Path.Combine(models, GloveVectors.FileName), [.. People, unseenPerson], [.. Places, unseenPlace]);

        // The next run sees them: a full refit (the old weights do not fit new features) with vectors and clusters, saved by name.
        var dense = trainer.Train(database.NewContext(), project.Id, words);
        Assert.NotNull(dense);
        Assert.Equal(GloveVectors.ModelName, dense.Features.VectorsName);
        Assert.Equal("words, glove-100d vectors, word clusters", dense.Features.Name);
        Assert.Null(dense.Gazetteers); // beside the vectors the gazetteer did not help (docs/benchmarks/spans.md)
        Assert.Null(dense.Tagger.Features.Options.Gazetteer);
        Assert.Equal(TaggerFeatures.DenseVariance, dense.Features.Variance);
        Assert.Equal(dense.Sentences, dense.FullRefitExamples);
        Assert.Equal(16, dense.Tagger.Features.DenseWidth);
        var clusters = dense.Tagger.Features.Options.Clusters;
        Assert.NotNull(clusters);
        Assert.Equal([64, 105], clusters.Granularities); // 256 and 1,024 capped at half the 210 words
        Assert.True(File.Exists(Path.Combine(models, TaggerFeatures.ClustersFileName)));

        // A name no answer holds, in a sentence unlike any answered one: the vectors say what it is, the words cannot.
        string[] sentence = [unseenPlace, "and", unseenPerson, "."];
        var withVectors = dense.Tagger.SpanProbability(sentence, new TokenSpan(2, 3, "PER"));
        var withoutVectors = words.Tagger.SpanProbability(sentence, new TokenSpan(2, 3, "PER"));
        Assert.True(withVectors > 0.5 && withVectors > withoutVectors + 0.2, $"P(PER) {withVectors:0.000} with vectors, {withoutVectors:0.000} without");
        Assert.Equal(["B-LOC", "O", "B-PER", "O"], dense.Tagger.Decode(sentence).Tags);

        // The model file names the vectors: it loads with them, not without (no warm start from the wrong features).
        var store = new ModelStore(models);
        store.Save(dense);
        Assert.NotNull(store.LoadTagger(project.Id, dense.Features));
        Assert.Null(store.LoadTagger(project.Id, TaggerFeatureSet.Words));
        Assert.Null(store.LoadTagger(project.Id));

        // After a restart the clusters come from their file, the same ones.
        using var again = new TaggerFeatures(models);
        var reloaded = again.Current().Features.Clusters!;
        Assert.Equal(clusters.Granularities, reloaded.Granularities);
        Assert.Equal(clusters.Count, reloaded.Count);
        var warm = new SpanTrainer(TimeProvider.System, again).Train(database.NewContext(), project.Id, previous: null, saved: store.LoadTagger(project.Id, again.Current()));
        Assert.NotNull(warm);
        Assert.True(warm.Tagger.Optimisation.Iterations < dense.Tagger.Optimisation.Iterations, $"warm {warm.Tagger.Optimisation.Iterations}, cold {dense.Tagger.Optimisation.Iterations}");
    }

    /// <summary>A 16-dimensional vectors file: people near one axis, places near another, 180 filler words scattered.</summary>
    private static void WriteVectors(string path, string[] people, string[] places)
    {
        var random = new Random(11);
        float[] Near(int axis)
        {
            var v = new float[16];
            for (var d = 0; d < v.Length; d++)
            {
                v[d] = (float)(random.NextDouble() - 0.5) * 0.3f;
            }

            if (axis >= 0)
            {
                v[axis] += 4f;
            }

            return v;
        }

        var filler = Enumerable.Range(0, 180).Select(i => $"w{i}").Concat(["lives", "in", "and", "."]).ToList();
        var entries = people.Select(p => (p.ToLowerInvariant(), Near(0)))
            .Concat(places.Select(p => (p.ToLowerInvariant(), Near(1))))
            .Concat(filler.Select((w, i) => (w, Near(2 + (i % 14)))))
            .ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WordVectors.Write(path, [.. entries.Select(e => e.Item1)], [.. entries.Select(e => e.Item2)]);
    }

    private static IEnumerable<TaggedSentence> Sentences() =>
        People.Select((p, i) => new TaggedSentence([p, "lives", "in", Places[i], "."], ["B-PER", "O", "O", "B-LOC", "O"]));

    private static async Task<Project> SeedAsync(TestDatabase database, int answered, string strategy = SentenceAcquisition.Mnlp, string[]? extra = null)
    {
        var outcome = await ProjectCreation.CreateAsync(
            database.Db, new NewProject("Spans " + Guid.NewGuid().ToString("N")[..8], "span-tagging", false, [new NewLabel("PER"), new NewLabel("LOC")], null), TimeProvider.System, CancellationToken.None);
        var project = outcome.Value!;
        project.Strategy = strategy;
        await database.Db.SaveChangesAsync();
        var lines = string.Concat(People.Select((p, i) => $"{p} lives in {Places[i]} .\n").Concat((extra ?? []).Select(e => e + "\n")));
        Assert.True((await database.ImportAsync(project.Id, lines, ImportFormat.Text)).Succeeded);
        var ids = await database.Db.Documents.Where(d => d.ProjectId == project.Id).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        for (var i = 0; i < answered; i++)
        {
            await AnswerAsync(database, project, ids[i], i);
        }

        return project;
    }

    private static async Task AnswerAsync(TestDatabase database, Project project, long documentId, int i)
    {
        var labels = await database.Db.Labels.Where(l => l.ProjectId == project.Id).ToDictionaryAsync(l => l.Name, l => l.Id);
        var place = People[i].Length + " lives in ".Length;
        database.Db.Annotations.Add(new Annotation
        {
            ProjectId = project.Id,
            DocumentId = documentId,
            Author = "ana",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Spans =
            [
                new AnnotationSpan { Start = 0, End = People[i].Length, LabelId = labels["PER"] },
                new AnnotationSpan { Start = place, End = place + Places[i].Length, LabelId = labels["LOC"] },
            ],
        });
        await database.Db.SaveChangesAsync();
    }
}
