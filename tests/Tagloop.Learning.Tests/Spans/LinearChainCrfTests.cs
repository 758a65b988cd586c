using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class LinearChainCrfTests
{
    private static readonly string[] FiveLabels = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"];

    [Fact]
    public void The_gradient_matches_finite_differences_for_full_and_partial_labels()
    {
        // Three sentences over six local features and a two-wide dense row: one fully labelled, one partial
        // (token 1 is some LOC tag, token 2 is not I-LOC), one weighted 2.
        var random = new Random(3);
        CrfObjective.Sentence Make(int length, Func<int, int, bool> allowed, float weight)
        {
            var starts = new int[length + 1];
            var ids = new List<int>();
            for (var t = 0; t < length; t++)
            {
                starts[t] = ids.Count;
                ids.AddRange(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(6)));
            }

            starts[length] = ids.Count;
            var dense = Enumerable.Range(0, length * 2).Select(_ => (float)random.NextDouble()).ToArray();
            var mask = new bool[length * 5];
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = allowed(i / 5, i % 5);
            }

            return new CrfObjective.Sentence([.. ids], starts, dense, mask, weight);
        }

        int[] full = [3, 4, 0, 1];
        CrfObjective.Sentence[] sentences =
        [
            Make(4, (t, l) => full[t] == l, 1f),
            Make(3, (t, l) => t switch { 1 => l is 1 or 2, 2 => l != 2, _ => true }, 1f),
            Make(2, (t, l) => t == 0 ? l == 1 : true, 2f),
        ];
        var objective = new CrfObjective(sentences, FiveLabels, 6, 2, variance: 2.0, CancellationToken.None);
        var x = Enumerable.Range(0, objective.Parameters).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var gradient = new double[x.Length];
        objective.Evaluate(x, gradient);
        var scratch = new double[x.Length];
        const double h = 1e-5;
        for (var i = 0; i < x.Length; i++)
        {
            var saved = x[i];
            x[i] = saved + h;
            var up = objective.Evaluate(x, scratch);
            x[i] = saved - h;
            var down = objective.Evaluate(x, scratch);
            x[i] = saved;
            Assert.True(Math.Abs(((up - down) / (2 * h)) - gradient[i]) < 1e-6, $"parameter {i}: numeric {(up - down) / (2 * h)} vs analytic {gradient[i]}");
        }
    }

    [Fact]
    public void The_masked_likelihood_equals_brute_force_over_the_consistent_paths()
    {
        // Loss with all-zero weights except the ones set below = log Z − log Z_mask; check it against enumeration.
        var (emissions, _) = ChainInferenceTests.RandomChain(FiveLabels, 3, 21);
        var sentence = new CrfObjective.Sentence(
            [0, 1, 2],
            [0, 1, 2, 3],
            [],
            [true, true, true, true, true, false, true, true, false, false, true, false, false, true, true],
            1f);
        var objective = new CrfObjective([sentence], FiveLabels, 3, 0, variance: 1e12, CancellationToken.None);
        var x = new double[objective.Parameters];
        emissions.CopyTo(x, 0); // feature t fires only on token t, so its weights are token t's emissions
        var p = new ChainPotentials(FiveLabels, new double[25], new double[5], new double[5]);
        var loss = objective.Evaluate(x, new double[x.Length]);
        var paths = ChainInferenceTests.Paths(3, 5).ToList();
        var all = ChainInferenceTests.LogSumExp(paths.Select(q => ChainInferenceTests.PathScore(emissions, FiveLabels, p, q)));
        var consistent = ChainInferenceTests.LogSumExp(paths
            .Where(q => sentence.Mask[q[0]] && sentence.Mask[5 + q[1]] && sentence.Mask[10 + q[2]])
            .Select(q => ChainInferenceTests.PathScore(emissions, FiveLabels, p, q)));
        Assert.Equal(all - consistent, loss, 9);
    }

    [Fact]
    public void A_tagger_learns_generated_sentences_and_finds_unseen_names()
    {
        var train = SyntheticSentences.Generate(300, seed: 1, half: 0);
        var heldOut = SyntheticSentences.Generate(200, seed: 2, half: 1);
        var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], new CrfOptions(Variance: 1, MaxIterations: 100));
        Assert.Equal(["O", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-PER", "I-PER"], model.Labels);
        var predictions = heldOut.Select(s => model.Decode(s.Tokens)).ToList();
        var f1 = SyntheticSentences.F1(heldOut, [.. predictions.Select(p => p.Tags)]);
        Assert.True(f1 > 0.9, $"held-out F1 {f1:0.000}");
        var tokenAccuracy = heldOut.Zip(predictions).Average(pair => pair.First.Tags.Zip(pair.Second.Tags).Average(t => t.First == t.Second ? 1.0 : 0.0));
        Assert.True(tokenAccuracy > 0.95, $"held-out token accuracy {tokenAccuracy:0.000}");
        foreach (var prediction in predictions)
        {
            for (var t = 0; t < prediction.Tags.Count; t++)
            {
                Assert.Equal(1.0, Enumerable.Range(0, model.Labels.Count).Sum(l => prediction.Marginal(t, l)), 9);
            }

            Assert.InRange(prediction.BestPathProbability, 0, 1);
        }
    }

    [Fact]
    public void Decoded_tags_never_break_IOB2_even_on_odd_input()
    {
        var model = CrfTrainer.Train([.. SyntheticSentences.Generate(100, seed: 3, half: 0).Select(s => CrfExample.Full(s))], new CrfOptions(MaxIterations: 50));
        var random = new Random(4);
        string[] words = ["Corp", "Inc", "in", "Berlin", "the", ".", "Anna", "Silva", "visited", "Acme", "x", "Z9"];
        for (var i = 0; i < 200; i++)
        {
            var tokens = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => words[random.Next(words.Length)]).ToArray();
            var tags = model.Decode(tokens).Tags;
            Assert.True(ChainInferenceTests.IsLegal(model.Labels, [.. tags.Select(tag => model.Labels.ToList().IndexOf(tag))]), string.Join(' ', tags));
        }
    }

    [Fact]
    public void Span_probabilities_and_the_best_path_probability_match_brute_force()
    {
        var model = CrfTrainer.Train([.. SyntheticSentences.Generate(60, seed: 5, half: 0).Select(s => CrfExample.Full(s))], new CrfOptions(MaxIterations: 30));
        string[] tokens = ["Anna", "Keller", "visited", "Lind"];
        var labels = model.Labels.ToArray();
        var emissions = model.Emissions(model.Features.Extract(tokens));
        var paths = ChainInferenceTests.Paths(4, labels.Length).ToList();
        var scores = paths.Select(q => ChainInferenceTests.PathScore(emissions, labels, model.Potentials, q)).ToList();
        var logZ = ChainInferenceTests.LogSumExp(scores);
        var prediction = model.Decode(tokens);
        Assert.Equal(Math.Exp(scores.Max() - logZ), prediction.BestPathProbability, 9);

        foreach (var span in new[] { new TokenSpan(0, 2, "PER"), new TokenSpan(3, 4, "LOC"), new TokenSpan(0, 1, "PER"), new TokenSpan(1, 2, "ORG") })
        {
            var begin = Array.IndexOf(labels, "B-" + span.Label);
            var mass = 0.0;
            for (var i = 0; i < paths.Count; i++)
            {
                var q = paths[i];
                var exact = Enumerable.Range(span.Start, span.End - span.Start).All(t => q[t] == (t == span.Start ? begin : begin + 1))
                    && (span.End == 4 || q[span.End] != begin + 1);
                mass += exact ? Math.Exp(scores[i] - logZ) : 0;
            }

            Assert.Equal(mass, model.SpanProbability(tokens, span), 9);
        }

        foreach (var scored in prediction.Spans)
        {
            Assert.Equal(model.SpanProbability(tokens, scored.Span), scored.Probability, 12);
        }
    }

    [Fact]
    public void Partial_labels_move_predictions_the_way_they_point()
    {
        var train = SyntheticSentences.Generate(80, seed: 6, half: 0);
        var options = new CrfOptions(Variance: 1, MaxIterations: 100);
        var baseline = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], options);
        string[] probe = ["Yesterday", "Olsen", "flew", "to", "Quimper", "."];
        var locBefore = baseline.SpanProbability(probe, new TokenSpan(4, 5, "LOC"));

        // Answers about single spans only, the rest of each sentence unknown: "Quimper" is a LOC; "Olsen" is not a LOC.
        var partial = new List<CrfExample>(train.Select(s => CrfExample.Full(s)));
        for (var i = 0; i < 10; i++)
        {
            partial.Add(CrfExample.FromSpans(["It", "rained", "in", "Quimper", "and", "people", "stayed", "home", "."], [new TokenSpan(3, 4, "LOC")]));
            partial.Add(CrfExample.FromSpans(["It", "rained", "in", "Olsen", "and", "people", "stayed", "home", "."], [], [new TokenSpan(3, 4, "LOC")]));
        }

        var taught = CrfTrainer.Train(partial, options);
        var locAfter = taught.SpanProbability(probe, new TokenSpan(4, 5, "LOC"));
        Assert.True(locAfter > locBefore + 0.05, $"P(Quimper is LOC) {locBefore:0.000} → {locAfter:0.000}");
        string[] olsen = ["It", "rained", "in", "Olsen", "and", "people", "stayed", "home", "."];
        var olsenBefore = baseline.SpanProbability(olsen, new TokenSpan(3, 4, "LOC"));
        var olsenAfter = taught.SpanProbability(olsen, new TokenSpan(3, 4, "LOC"));
        Assert.True(olsenAfter < olsenBefore - 0.05, $"P(Olsen is LOC) {olsenBefore:0.000} → {olsenAfter:0.000}");
    }

    [Fact]
    public void Two_trainings_give_identical_weights()
    {
        var examples = SyntheticSentences.Generate(150, seed: 7, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var options = new CrfOptions(MaxIterations: 40);
        var a = CrfTrainer.Train(examples, options);
        var b = CrfTrainer.Train(examples, options);
        Assert.Equal(a.State, b.State);
        Assert.Equal(a.Transitions, b.Transitions);
        Assert.Equal(a.Start, b.Start);
        Assert.Equal(a.End, b.End);
        Assert.Equal(a.Optimisation, b.Optimisation);
    }

    [Fact]
    public void A_warm_start_from_the_previous_model_converges_in_fewer_iterations()
    {
        var first = SyntheticSentences.Generate(200, seed: 8, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var options = new CrfOptions(Variance: 1, MaxIterations: 500);
        var previous = CrfTrainer.Train(first, options);
        Assert.True(previous.Optimisation.Converged);
        var more = first.Concat(SyntheticSentences.Generate(5, seed: 9, half: 1).Select(s => CrfExample.Full(s))).ToList();
        var cold = CrfTrainer.Train(more, options);
        var warm = CrfTrainer.Train(more, options, previous);
        Assert.True(warm.Optimisation.Converged);
        Assert.True(warm.Optimisation.Iterations < cold.Optimisation.Iterations, $"warm {warm.Optimisation.Iterations}, cold {cold.Optimisation.Iterations} iterations");
        Assert.Equal(cold.Optimisation.Value, warm.Optimisation.Value, 2);

        // No iterations at all: the warm-started model is the previous one, weight for weight.
        var copy = CrfTrainer.Train(first, options with { MaxIterations = 0 }, previous);
        Assert.Equal(previous.State, copy.State);
        Assert.Equal(previous.Transitions, copy.Transitions);
        Assert.Equal(previous.End, copy.End);
    }

    [Fact]
    public void A_partial_labelling_no_legal_path_fits_is_refused_with_its_index()
    {
        var bad = CrfExample.Partial(["in", "Paris"], [["O"], ["I-LOC"]]);
        var good = CrfExample.Full(new TaggedSentence(["in", "Paris"], ["O", "B-LOC"]));
        var error = Assert.Throws<ArgumentException>(() => CrfTrainer.Train([good, bad]));
        Assert.Contains("Example 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => CrfExample.Full(new TaggedSentence(["x"], ["LOC"])));
        Assert.Throws<ArgumentOutOfRangeException>(() => CrfTrainer.Train([good], new CrfOptions(Variance: 0)));
    }

    [Fact]
    public void Token_vectors_carry_what_a_word_means_to_names_never_seen_in_training()
    {
        // Without affixes or context words an unseen city is told from an unseen surname mostly by its position; a "place"
        // dimension in the token vectors should remove most of the remaining errors.
        var train = SyntheticSentences.Generate(200, seed: 10, half: 0);
        var heldOut = SyntheticSentences.Generate(100, seed: 11, half: 1);
        var cities = new HashSet<string>(heldOut.Concat(train).SelectMany(s => s.Tokens.Zip(s.Tags).Where(p => p.Second == "B-LOC").Select(p => p.First)), StringComparer.Ordinal);
        var bare = new TokenFeatureOptions(Window: 0, Affixes: false, Bigrams: false);
        double F1(TokenFeatureOptions features)
        {
            var model = CrfTrainer.Train([.. train.Select(s => CrfExample.Full(s))], new CrfOptions(Variance: 1, MaxIterations: 100, Features: features));
            static string[] LocOnly(IEnumerable<string> tags) => [.. tags.Select(t => t.EndsWith("-LOC", StringComparison.Ordinal) ? t : "O")];
            var gold = heldOut.Select(s => new TaggedSentence(s.Tokens, LocOnly(s.Tags))).ToList();
            return SyntheticSentences.F1(gold, [.. heldOut.Select(s => LocOnly(model.Decode(s.Tokens).Tags))]);
        }

        var without = F1(bare);
        var with = F1(bare with { Vectors = new PlaceVectors(cities) });
        Assert.True(1 - with < (1 - without) / 2, $"LOC F1 without vectors {without:0.000}, with {with:0.000}");
    }

    [Fact]
    public void An_empty_sentence_decodes_to_nothing()
    {
        var model = CrfTrainer.Train([CrfExample.Full(new TaggedSentence(["in", "Paris"], ["O", "B-LOC"]))], new CrfOptions(MaxIterations: 5));
        var prediction = model.Decode([]);
        Assert.Empty(prediction.Tags);
        Assert.Empty(prediction.Spans);
        Assert.Equal(1.0, prediction.BestPathProbability);
    }

    private sealed class PlaceVectors(HashSet<string> places) : ITokenVectors
    {
        public int Dimension => 2;

        public bool TryCopy(string token, Span<float> destination)
        {
            destination[0] = places.Contains(token) ? 1f : 0f;
            destination[1] = 1f;
            return true;
        }
    }
}
