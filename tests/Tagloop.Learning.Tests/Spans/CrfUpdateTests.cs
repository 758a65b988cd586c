using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

public sealed class CrfUpdateTests
{
    private static readonly string[] FiveLabels = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"];

    [Fact]
    public void The_block_loss_differs_from_the_full_loss_by_a_constant_and_its_gradient_is_the_full_gradients_block()
    {
        // Four sentences over eight rows and a two-wide dense row, one of them partial; the block is rows 1, 4 and 6.
        // Sentences that use none of them are left out of the block loss, which must still track the full loss.
        var random = new Random(11);
        const int rows = 8;
        const int width = 2;
        CrfObjective.Sentence Make(int length, int[] pool, Func<int, int, bool> allowed, float weight)
        {
            var starts = new int[length + 1];
            var ids = new List<int>();
            for (var t = 0; t < length; t++)
            {
                starts[t] = ids.Count;
                ids.AddRange(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => pool[random.Next(pool.Length)]));
            }

            starts[length] = ids.Count;
            var dense = Enumerable.Range(0, length * width).Select(_ => (float)random.NextDouble()).ToArray();
            var mask = new bool[length * 5];
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = allowed(i / 5, i % 5);
            }

            return new CrfObjective.Sentence([.. ids], starts, dense, mask, weight);
        }

        int[] path = [3, 4, 0, 1];
        CrfObjective.Sentence[] all =
        [
            Make(4, [0, 1, 2, 3], (t, l) => path[t] == l, 1f),
            Make(3, [0, 4, 5], (t, l) => t switch { 1 => l is 1 or 2, 2 => l != 2, _ => true }, 1f),
            Make(2, [0, 2, 3, 5, 7], (t, l) => t == 0 ? l == 1 : l == 0, 2f),
            Make(3, [6, 7], (t, l) => l == (t == 0 ? 3 : 0), 1f),
        ];
        int[] block = [1, 4, 6];
        var users = all.Where(s => s.Ids.Any(block.Contains)).ToArray();
        Assert.Equal(3, users.Length);

        var full = new CrfObjective(all, FiveLabels, rows, width, variance: 2.0, CancellationToken.None);
        var w = Enumerable.Range(0, full.Parameters).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var L = FiveLabels.Length;
        var potentials = new ChainPotentials(FiveLabels, w.AsSpan((rows + width) * L, L * L), w.AsSpan((rows + width + L) * L, L), w.AsSpan(((rows + width + L) * L) + L, L));
        var denseWeights = w.AsSpan(rows * L, width * L).ToArray();
        var offsets = users.Select(s =>
        {
            var e = new double[s.Length * L];
            for (var t = 0; t < s.Length; t++)
            {
                for (var k = 0; k < width; k++)
                {
                    for (var l = 0; l < L; l++)
                    {
                        e[(t * L) + l] += s.Dense[(t * width) + k] * denseWeights[(k * L) + l];
                    }
                }
            }

            return e;
        }).ToArray();
        var index = Enumerable.Repeat(-1, rows).ToArray();
        for (var k = 0; k < block.Length; k++)
        {
            index[block[k]] = k;
        }

        var objective = new CrfBlockObjective(users, offsets, w.AsSpan(0, rows * L).ToArray(), index, potentials, variance: 2.0, CancellationToken.None);

        double? difference = null;
        for (var trial = 0; trial < 3; trial++)
        {
            var x = Enumerable.Range(0, block.Length * L).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            for (var k = 0; k < block.Length; k++)
            {
                x.AsSpan(k * L, L).CopyTo(w.AsSpan(block[k] * L, L));
            }

            var fullGradient = new double[w.Length];
            var fullLoss = full.Evaluate(w, fullGradient);
            var blockGradient = new double[x.Length];
            var blockLoss = objective.Evaluate(x, blockGradient);
            difference ??= fullLoss - blockLoss;
            Assert.Equal(difference.Value, fullLoss - blockLoss, 9);
            for (var k = 0; k < block.Length; k++)
            {
                for (var l = 0; l < L; l++)
                {
                    Assert.Equal(fullGradient[(block[k] * L) + l], blockGradient[(k * L) + l], 9);
                }
            }
        }
    }

    [Fact]
    public void An_update_learns_a_name_only_the_new_sentence_has_and_stays_close_to_a_full_refit()
    {
        var options = new CrfOptions(Variance: 1, MaxIterations: 200);
        var examples = SyntheticSentences.Generate(150, seed: 21, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var previous = CrfTrainer.Train(examples, options);

        // "Quetzal" never occurs in the generated text; after one answer that tags it as a place the tagger should
        // find it in a new sentence of another pattern.
        string[] taught = ["Anna", "visited", "Quetzal", "yesterday"];
        examples.Add(CrfExample.Full(new TaggedSentence(taught, ["B-PER", "O", "B-LOC", "O"])));
        var updated = CrfTrainer.Update(previous, examples, options);
        Assert.NotSame(previous, updated);
        Assert.True(updated.FeatureCount > previous.FeatureCount);
        string[] probe = ["It", "rained", "in", "Quetzal", "and", "people", "stayed", "home", "."];
        var before = previous.SpanProbability(probe, new TokenSpan(3, 4, "LOC"));
        var after = updated.SpanProbability(probe, new TokenSpan(3, 4, "LOC"));
        Assert.True(after > before, $"P(Quetzal is a LOC) {before:0.000} before, {after:0.000} after");
        Assert.Equal(["O", "O", "O", "B-LOC", "O", "O", "O", "O", "O"], updated.Decode(probe).Tags);

        // Twenty more answers by quick updates alone: held-out F1 within 0.02 of a full refit on the same sentences.
        var more = SyntheticSentences.Generate(20, seed: 22, half: 1);
        foreach (var sentence in more)
        {
            examples.Add(CrfExample.Full(sentence));
            updated = CrfTrainer.Update(updated, examples, options);
        }

        var refit = CrfTrainer.Train(examples, options);
        var test = SyntheticSentences.Generate(100, seed: 23, half: 1);
        var quickF1 = SyntheticSentences.F1(test, [.. test.Select(s => updated.Decode(s.Tokens).Tags)]);
        var refitF1 = SyntheticSentences.F1(test, [.. test.Select(s => refit.Decode(s.Tokens).Tags)]);
        Assert.True(Math.Abs(quickF1 - refitF1) <= 0.02, $"quick {quickF1:0.000}, refit {refitF1:0.000}");
    }

    [Fact]
    public void Nothing_new_returns_the_same_model_and_zero_iterations_keep_every_weight()
    {
        var options = new CrfOptions(MaxIterations: 40);
        var examples = SyntheticSentences.Generate(60, seed: 31, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var previous = CrfTrainer.Train(examples, options);
        Assert.Same(previous, CrfTrainer.Update(previous, [.. examples], options));

        examples.Add(CrfExample.Full(new TaggedSentence(["Zyx", "visited", "Paris"], ["B-PER", "O", "B-LOC"])));
        var held = CrfTrainer.Update(previous, examples, options with { UpdateIterations = 0 });
        var L = previous.Labels.Count;
        Assert.Equal(previous.State, held.State.AsSpan(0, previous.FeatureCount * L).ToArray());
        Assert.All(held.State.AsSpan(previous.FeatureCount * L).ToArray(), w => Assert.Equal(0f, w));
        Assert.Equal(previous.Transitions, held.Transitions);
        Assert.Equal(previous.Dense, held.Dense);
    }

    [Fact]
    public void A_changed_or_removed_answer_counts_as_new_and_two_updates_agree_weight_for_weight()
    {
        var options = new CrfOptions(MaxIterations: 40);
        var sentences = SyntheticSentences.Generate(60, seed: 41, half: 0);
        var examples = sentences.Select(s => CrfExample.Full(s)).ToList();
        var previous = CrfTrainer.Train(examples, options);

        // The same tokens, tagged otherwise (every tag O): not the example the model was fitted on.
        var relabelled = examples.ToList();
        relabelled[0] = CrfExample.Full(new TaggedSentence(sentences[0].Tokens, [.. sentences[0].Tags.Select(_ => "O")]));
        var a = CrfTrainer.Update(previous, relabelled, options);
        var b = CrfTrainer.Update(previous, relabelled, options);
        Assert.NotSame(previous, a);
        Assert.Equal(a.State, b.State);
        Assert.True(a.State.Where((w, i) => w != previous.State[i]).Any());

        var removed = examples.Skip(1).ToList();
        Assert.NotSame(previous, CrfTrainer.Update(previous, removed, options));
    }

    [Fact]
    public void A_new_entity_type_or_other_features_fall_back_to_a_full_refit()
    {
        var options = new CrfOptions(MaxIterations: 30);
        var examples = SyntheticSentences.Generate(40, seed: 51, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var previous = CrfTrainer.Train(examples, options);
        examples.Add(CrfExample.Full(new TaggedSentence(["buy", "Widgets"], ["O", "B-PRODUCT"])));
        var updated = CrfTrainer.Update(previous, examples, options);
        Assert.Contains("B-PRODUCT", updated.Labels);

        var other = options with { Features = new TokenFeatureOptions(Window: 1) };
        Assert.Equal(1, CrfTrainer.Update(updated, examples, other).Features.Options.Window);
    }

    [Fact]
    public void Bad_input_is_refused_naming_it()
    {
        var options = new CrfOptions(MaxIterations: 10);
        var examples = SyntheticSentences.Generate(20, seed: 61, half: 0).Select(s => CrfExample.Full(s)).ToList();
        var previous = CrfTrainer.Train(examples, options);
        Assert.Throws<ArgumentOutOfRangeException>(() => CrfTrainer.Update(previous, examples, options with { UpdateSentences = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CrfTrainer.Update(previous, examples, options with { UpdateIterations = -1 }));
        var error = Assert.Throws<ArgumentException>(() => CrfTrainer.Update(previous, [.. examples, CrfExample.Partial(["in", "Paris"], [["O"], ["I-LOC"]])], options));
        Assert.Contains("Example 20", error.Message, StringComparison.Ordinal);
    }
}
