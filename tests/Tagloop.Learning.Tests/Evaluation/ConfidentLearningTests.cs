using Tagloop.Learning.Evaluation;

namespace Tagloop.Learning.Tests.Evaluation;

public sealed class ConfidentLearningTests
{
    [Fact]
    public void Flipped_labels_the_model_confidently_disagrees_with_are_found_and_clean_ones_left_alone()
    {
        // Three classes; the model puts 0.5–0.9 on the true class. A fifth of the labels are flipped to another class.
        var random = new Random(3);
        const int rows = 600, classes = 3;
        var probabilities = new float[rows * classes];
        var labels = new int[rows];
        var flipped = new HashSet<int>();
        for (var i = 0; i < rows; i++)
        {
            var truth = i % classes;
            var top = 0.5 + (0.4 * random.NextDouble());
            for (var c = 0; c < classes; c++)
            {
                probabilities[(i * classes) + c] = (float)(c == truth ? top : (1 - top) / (classes - 1));
            }

            labels[i] = truth;
            if (random.NextDouble() < 0.2)
            {
                labels[i] = (truth + 1 + random.Next(classes - 1)) % classes;
                flipped.Add(i);
            }
        }

        var suspected = ConfidentLearning.Find(probabilities, labels, classes);
        var found = suspected.Count(s => flipped.Contains(s.Row));
        Assert.True(found >= 0.9 * flipped.Count, $"found {found} of {flipped.Count} flipped labels");
        Assert.True(found >= 0.9 * suspected.Count, $"{found} of {suspected.Count} flagged were flipped");
        Assert.All(suspected.Where(s => flipped.Contains(s.Row)), s => Assert.Equal(s.Row % classes, s.Suggested));
        Assert.Equal(suspected.OrderByDescending(s => s.Score).Select(s => s.Row), suspected.Select(s => s.Row));
        Assert.All(suspected, s => Assert.Equal(1 - probabilities[(s.Row * classes) + labels[s.Row]], s.Score, 6));

        // Labels that all agree with the model: nothing is flagged.
        var clean = Enumerable.Range(0, rows).Select(i => i % classes).ToArray();
        Assert.Empty(ConfidentLearning.Find(probabilities, clean, classes));
        Assert.Throws<ArgumentException>(() => ConfidentLearning.Find(probabilities.AsSpan(1), labels, classes));
    }

    [Fact]
    public void The_ranking_by_self_confidence_holds_every_row_and_puts_the_flipped_ones_first()
    {
        var (probabilities, labels, flipped) = Synthetic(rows: 900, classes: 4, seed: 5);
        var ranked = ConfidentLearning.Rank(probabilities, labels, 4);

        Assert.Equal(Enumerable.Range(0, labels.Length), ranked.Select(s => s.Row).Order());
        Assert.Equal(ranked.OrderByDescending(s => s.Score).ThenBy(s => s.Row).Select(s => s.Row), ranked.Select(s => s.Row));
        Assert.All(ranked, s => Assert.NotEqual(s.Given, s.Suggested));
        Assert.All(ranked, s => Assert.Equal(labels[s.Row], s.Given));

        // The top of the ranking, as long as the flipped set, is mostly the flipped set, with the true label suggested.
        var top = ranked.Take(flipped.Count).ToList();
        var hits = top.Count(s => flipped.Contains(s.Row));
        Assert.True(hits >= 0.9 * flipped.Count, $"{hits} of the top {flipped.Count} were flipped");
        Assert.All(top.Where(s => flipped.Contains(s.Row)), s => Assert.Equal(s.Row % 4, s.Suggested));

        // The cut comes in the ranking's order.
        var cut = ConfidentLearning.Find(probabilities, labels, 4);
        var position = ranked.Select((s, i) => (s.Row, i)).ToDictionary(p => p.Row, p => p.i);
        Assert.Equal(cut.Select(s => s.Row).OrderBy(r => position[r]), cut.Select(s => s.Row));

        Assert.Throws<ArgumentException>(() => ConfidentLearning.Rank(probabilities.AsSpan(1), labels, 4));
    }

    // The model puts 0.45–0.9 on the true class, the rest spread at random; a fifth of the labels flipped.
    private static (float[] Probabilities, int[] Labels, HashSet<int> Flipped) Synthetic(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var probabilities = new float[rows * classes];
        var labels = new int[rows];
        var flipped = new HashSet<int>();
        for (var i = 0; i < rows; i++)
        {
            var truth = i % classes;
            var top = 0.45 + (0.45 * random.NextDouble());
            var rest = Enumerable.Range(0, classes - 1).Select(_ => random.NextDouble() + 0.1).ToArray();
            var (j, sum) = (0, rest.Sum());
            for (var c = 0; c < classes; c++)
            {
                probabilities[(i * classes) + c] = (float)(c == truth ? top : (1 - top) * rest[j++] / sum);
            }

            labels[i] = truth;
            if (random.NextDouble() < 0.2)
            {
                labels[i] = (truth + 1 + random.Next(classes - 1)) % classes;
                flipped.Add(i);
            }
        }

        return (probabilities, labels, flipped);
    }
}
