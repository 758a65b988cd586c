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
        Assert.Equal(suspected.OrderByDescending(s => s.Margin).Select(s => s.Row), suspected.Select(s => s.Row));

        // Labels that all agree with the model: nothing is flagged.
        var clean = Enumerable.Range(0, rows).Select(i => i % classes).ToArray();
        Assert.Empty(ConfidentLearning.Find(probabilities, clean, classes));
        Assert.Throws<ArgumentException>(() => ConfidentLearning.Find(probabilities.AsSpan(1), labels, classes));
    }
}
