using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Evaluation;
using Tagloop.Learning.Loop;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>How <see cref="WeakExperiment"/> runs: the label model by name (or auto), the extension, the encoder and what it needs.</summary>
public sealed record WeakSettings(string LabelModel, bool Extend, string Encoder, TextEncoderResources Resources)
{
    /// <summary>Label → description, for label-description rules.</summary>
    public IReadOnlyDictionary<string, string>? LabelDescriptions { get; init; }

    /// <summary>The end model's settings.</summary>
    public SoftTargetOptions EndModel { get; init; } = SoftTargetOptions.Default;

    /// <summary>An already open dense encoder to use instead of opening the encoder's dense part by name (the caller disposes it; a benchmark passes one that remembers texts it has encoded).</summary>
    public IDenseTextEncoder? DenseEncoder { get; init; }
}

/// <summary>
/// Rules (or their recorded votes) → label matrix → label model → optionally Epoxy's extension → an end model trained
/// on the label model's probabilities over the training documents it covers; every figure measured on the test split.
/// Unsupervised: the training file's labels are never read; a dev file's labels may choose the auto label model and
/// narrow the extension's radii.
/// </summary>
public static class WeakExperiment
{
    public static WeakReport Run(
        IReadOnlyList<WeakRow> train, IReadOnlyList<WeakRow> test, IReadOnlyList<WeakRow>? dev, IReadOnlyList<string> classes,
        IReadOnlyList<RuleDefinition>? rules, IReadOnlyList<string>? ruleNames, WeakSettings settings, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(settings);
        dev ??= [];
        if ((rules is null) == (ruleNames is null))
        {
            throw new ArgumentException("Give either rules or the names of the rules whose votes the rows carry.");
        }

        var k = classes.Count;
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        WeakRow[] rows = [.. train, .. test, .. dev];
        int[] trainIds = [.. Enumerable.Range(0, train.Count)];
        int[] testIds = [.. Enumerable.Range(train.Count, test.Count)];
        int[] devIds = [.. Enumerable.Range(train.Count + test.Count, dev.Count)];
        int[] testGold = [.. test.Select(r => classIndex[r.Label!])];
        int[] devGold = [.. dev.Select(r => classIndex[r.Label!])];
        var texts = rows.Select(r => r.Text).ToList();

        // Features: TF-IDF fitted on the training texts and/or the dense encoder's sentence vectors, for every row once.
        progress?.Report($"Encoding {texts.Count:N0} texts with {settings.Encoder}…");
        var (denseName, hasSparse) = TextEncoderCatalog.Parts(TextEncoderCatalog.Normalise(settings.Encoder) ?? throw new ArgumentException($"Unknown encoder '{settings.Encoder}'."));
        using var opened = denseName is null || settings.DenseEncoder is not null ? null : TextEncoderCatalog.OpenDense(denseName, settings.Resources, [.. train.Select(r => r.Text)]);
        var dense = denseName is null ? null : settings.DenseEncoder ?? opened;
        DenseMatrix? vectors = null;
        if (dense is not null)
        {
            var values = new float[texts.Count * dense.Dimension];
            dense.Encode(texts, values);
            vectors = new DenseMatrix(dense.Dimension, values);
        }

        var sparse = hasSparse ? HashedTfidfEncoder.Fit([.. train.Select(r => r.Text)]).Encode(texts) : null;
        var features = new FeatureRows(sparse, vectors?.WithCenter(vectors.SelectRows(trainIds).Mean()));
        var unit = vectors is null ? null : Normalised(vectors);

        var clock = Stopwatch.StartNew();
        var (votes, names) = Votes(rows, texts, classes, rules, ruleNames, settings, dense, unit, progress);
        var applyMs = clock.Elapsed.TotalMilliseconds;
        int[] fitIds = [.. trainIds, .. devIds];
        var devPositions = Enumerable.Range(train.Count, dev.Count).ToList();

        // The label model, fitted on the training (and dev) documents' votes; gold only from dev.
        clock.Restart();
        var (fitted, choice) = FitLabelModel(votes.Subset(fitIds), settings.LabelModel, devPositions, devGold, k);
        var fitMs = clock.Elapsed.TotalMilliseconds;
        var pathMs = applyMs + fitMs;

        var testVotes = votes.Subset(testIds);
        var majority = new MajorityVote().Fit(votes.Subset(fitIds));
        var majorityScore = Score(majority.Predict(testVotes), FittedLabelModel.Covered(testVotes), testGold, k);
        var modelScore = Score(fitted.Predict(testVotes), FittedLabelModel.Covered(testVotes), testGold, k);
        var ruleScores = new List<WeakRuleScore>();
        for (var j = 0; j < testVotes.Rules; j++)
        {
            var r = testVotes.Rule(j);
            var correct = 0;
            for (var t = 0; t < r.Count; t++)
            {
                correct += r.ClassAt(t) == testGold[r.Documents[t]] ? 1 : 0;
            }

            ruleScores.Add(new WeakRuleScore(names[j], test.Count == 0 ? 0 : (double)r.Count / test.Count, r.Count == 0 ? null : (double)correct / r.Count));
        }

        // Epoxy: each rule's votes carried to abstained documents near its votes, then the same label model refitted.
        WeakScore? extendedScore = null;
        IReadOnlyList<double>? radii = null;
        var endVotes = votes;
        if (settings.Extend)
        {
            if (unit is null)
            {
                throw new ArgumentException("--extend needs sentence vectors; the encoder has none.");
            }

            clock.Restart();
            var extended = EmbeddingExtension.Extend(votes, unit, new EmbeddingExtensionOptions
            {
                GoldDocuments = dev.Count > 0 ? devIds : null,
                GoldClasses = dev.Count > 0 ? devGold : null,
            });
            endVotes = extended.Matrix;
            radii = extended.Radii;
            (fitted, _) = FitLabelModel(endVotes.Subset(fitIds), fitted.Name, devPositions, devGold, k);
            pathMs += clock.Elapsed.TotalMilliseconds;
            var extendedTest = endVotes.Subset(testIds);
            extendedScore = Score(fitted.Predict(extendedTest), FittedLabelModel.Covered(extendedTest), testGold, k);
            progress?.Report($"Extension added {extended.Added.Sum():N0} votes; radii {string.Join(", ", extended.Radii.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}");
        }

        // The end model: every training document a rule covers, with the label model's distribution as its target.
        clock.Restart();
        var trainVotes = endVotes.Subset(trainIds);
        var covered = FittedLabelModel.Covered(trainVotes);
        var probabilities = fitted.Predict(trainVotes);
        var kept = Enumerable.Range(0, train.Count).Where(i => covered[i]).ToList();
        if (kept.Count == 0)
        {
            throw new ArgumentException("No rule votes on any training document: there is nothing to train an end model on.");
        }

        var targets = new float[kept.Count * k];
        for (var i = 0; i < kept.Count; i++)
        {
            probabilities.AsSpan(kept[i] * k, k).CopyTo(targets.AsSpan(i * k, k));
        }

        var endModel = SoftTargetSoftmax.Train(features.SelectRows(kept), targets, [], k, settings.EndModel);
        pathMs += clock.Elapsed.TotalMilliseconds;
        var testProbabilities = new float[test.Count * k];
        endModel.PredictProbabilities(features.SelectRows(testIds), testProbabilities);
        var predicted = ClassificationMetrics.ArgMax(testProbabilities, k);
        return new WeakReport(
            train.Count, test.Count, classes, ruleScores,
            majorityScore, new WeakModelScore(fitted.Name, modelScore.Accuracy, modelScore.Coverage), extendedScore,
            new WeakEndScore(ClassificationMetrics.Accuracy(testGold, predicted), ClassificationMetrics.MacroF1(testGold, predicted, k)),
            Math.Round(fitMs, 2))
        {
            Encoder = TextEncoderCatalog.Normalise(settings.Encoder),
            ExtensionRadii = radii,
            LabelModelChoice = choice,
            RulesToEndModelMs = Math.Round(pathMs, 1),
        };
    }

    private static (LabelMatrix Votes, IReadOnlyList<string> Names) Votes(
        WeakRow[] rows, List<string> texts, IReadOnlyList<string> classes, IReadOnlyList<RuleDefinition>? rules, IReadOnlyList<string>? ruleNames,
        WeakSettings settings, IDenseTextEncoder? dense, DenseMatrix? unit, IProgress<string>? progress)
    {
        LabelMatrix votes;
        IReadOnlyList<string> names;
        var k = classes.Count;
        if (rules is not null)
        {
            var set = RuleSet.Compile(rules, classes);
            var applied = set.Apply(new RuleCorpus(texts)
            {
                Vectors = unit,
                Encoder = dense,
                LabelDescriptions = settings.LabelDescriptions,
                Metadata = [.. rows.Select(r => r.Meta)],
            });
            foreach (var failure in applied.Failures)
            {
                progress?.Report($"Rule '{failure.RuleName}': {failure.Message}");
            }

            votes = applied.Matrix;
            names = [.. rules.Select(r => r.Name)];
        }
        else
        {
            var width = ruleNames!.Count;
            var table = new List<int[]>(rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                var v = rows[i].Votes ?? throw new ArgumentException($"Row {i + 1} carries no votes.");
                var bad = v.FirstOrDefault(x => x >= k);
                if (bad != 0)
                {
                    throw new ArgumentException($"A vote for class {bad} in row {i + 1}, but there are {k} classes ({string.Join(", ", classes)}).");
                }

                table.Add([.. v]);
            }

            votes = LabelMatrix.FromDense(table, width, k);
            names = ruleNames;
        }

        return (votes, names);
    }

    /// <summary>
    /// The label model's distribution over the rows a rule covers (no gold label read; <c>auto</c> takes
    /// <see cref="AutoLabelModel.DefaultFor"/>'s choice): the weak labels the labelling loop trains on beside answers.
    /// Similarity rules read <paramref name="dense"/>'s vectors.
    /// </summary>
    public static WeakLabels LoopLabels(
        IReadOnlyList<WeakRow> rows, IReadOnlyList<string> classes, IReadOnlyList<RuleDefinition>? rules, IReadOnlyList<string>? ruleNames,
        WeakSettings settings, IDenseTextEncoder? dense, double weight = WeakLabels.DefaultWeight)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(settings);
        var texts = rows.Select(r => r.Text).ToList();
        DenseMatrix? unit = null;
        if (dense is not null && rules is not null && rules.Any(r => r.Kind is RuleKind.Similar or RuleKind.LabelDescription))
        {
            var values = new float[texts.Count * dense.Dimension];
            dense.Encode(texts, values);
            unit = Normalised(new DenseMatrix(dense.Dimension, values));
        }

        var (votes, _) = Votes([.. rows], texts, classes, rules, ruleNames, settings, dense, unit, null);
        var (fitted, _) = FitLabelModel(votes, settings.LabelModel, [], [], classes.Count);
        var covered = FittedLabelModel.Covered(votes);
        var probabilities = fitted.Predict(votes);
        var k = classes.Count;
        int[] kept = [.. Enumerable.Range(0, rows.Count).Where(i => covered[i])];
        var q = new float[kept.Length * k];
        for (var i = 0; i < kept.Length; i++)
        {
            probabilities.AsSpan(kept[i] * k, k).CopyTo(q.AsSpan(i * k, k));
        }

        return new WeakLabels(kept, q, k, weight);
    }

    private static (FittedLabelModel Model, string Choice) FitLabelModel(LabelMatrix votes, string name, IReadOnlyList<int> devPositions, IReadOnlyList<int> devGold, int classes)
    {
        if (name != LabelModelCatalog.Auto)
        {
            return (LabelModelCatalog.Create(name).Fit(votes), "as asked");
        }

        if (devPositions.Count == 0)
        {
            var chosen = AutoLabelModel.DefaultFor(classes);
            return (LabelModelCatalog.Create(chosen).Fit(votes), $"auto without labelled documents: {chosen} for {classes} classes");
        }

        var choice = AutoLabelModel.Choose(votes, devPositions, devGold);
        return (choice.Model, "auto: " + choice.Reason);
    }

    /// <summary>Accuracy over the covered documents (a tie between t classes that holds the gold one counts 1/t) and the share covered.</summary>
    private static WeakScore Score(float[] probabilities, bool[] covered, int[] gold, int classes)
    {
        var right = 0.0;
        var count = 0;
        for (var i = 0; i < gold.Length; i++)
        {
            if (!covered[i])
            {
                continue;
            }

            count++;
            var row = probabilities.AsSpan(i * classes, classes);
            var max = TensorPrimitives.Max(row);
            var ties = 0;
            foreach (var p in row)
            {
                ties += max - p <= 1e-6f ? 1 : 0;
            }

            right += max - row[gold[i]] <= 1e-6f ? 1.0 / ties : 0;
        }

        return new WeakScore(count == 0 ? 0 : right / count, gold.Length == 0 ? 0 : (double)count / gold.Length);
    }

    private static DenseMatrix Normalised(DenseMatrix vectors)
    {
        var d = vectors.Dimension;
        var values = new float[vectors.Rows * d];
        for (var i = 0; i < vectors.Rows; i++)
        {
            var row = values.AsSpan(i * d, d);
            vectors.Row(i).CopyTo(row);
            RandomProjection.Normalise(row);
        }

        return new DenseMatrix(d, values);
    }
}
