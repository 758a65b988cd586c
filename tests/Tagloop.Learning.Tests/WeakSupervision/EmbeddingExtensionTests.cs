using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class EmbeddingExtensionTests
{
    // Documents on the unit circle at these angles (degrees): rule 0 votes class 0 on 0° and 10°, rule 1 class 1 on 90°.
    private static readonly double[] Angles = [0, 10, 90, 5, 30, 60, 180, 45];

    [Fact]
    public void A_fixed_radius_extends_each_rule_to_the_documents_close_to_its_votes()
    {
        var result = EmbeddingExtension.Extend(Matrix(), Circle(), new EmbeddingExtensionOptions { Radius = 0.9 });
        Assert.Equal([2, 0], result.Added);
        Assert.Equal([0, 1, 3, 4], result.Matrix.Rule(0).Documents.ToArray());
        Assert.Equal(0, result.Matrix.Rule(0).Label);
        Assert.Equal([2], result.Matrix.Rule(1).Documents.ToArray());
        Assert.Equal([RadiusSource.Fixed, RadiusSource.Fixed], result.Sources);

        // cos 30° = 0.866 takes the 60° document into rule 1.
        var wider = EmbeddingExtension.Extend(Matrix(), Circle(), new EmbeddingExtensionOptions { Radius = 0.85 });
        Assert.Equal([2, 1], wider.Added);
        Assert.Equal([2, 5], wider.Matrix.Rule(1).Documents.ToArray());
    }

    [Fact]
    public void Without_gold_the_radius_is_how_close_documents_lie_to_their_nearest_neighbours()
    {
        // Nearest-neighbour similarities: cos 5° (0°, 10°, 5°), cos 15° (30°, 60°, 45°), cos 30° (90°), cos 90° (180°);
        // their median is cos 15°, which takes the 5° document into rule 0 and nothing into rule 1 (60° is 30° away).
        var result = EmbeddingExtension.Extend(Matrix(), Circle(), new EmbeddingExtensionOptions { Quantile = 0.5 });
        Assert.Equal(Math.Cos(15 * Math.PI / 180), result.Radii[0], 5);
        Assert.Equal(result.Radii[0], result.Radii[1]);
        Assert.Equal([RadiusSource.Quantile, RadiusSource.Quantile], result.Sources);
        Assert.Equal([1, 0], result.Added);
        Assert.Equal([0, 1, 3], result.Matrix.Rule(0).Documents.ToArray());

        // The default quantile (0.75) is cos 5°: nothing lies that close to a vote but the votes' own neighbours.
        var strict = EmbeddingExtension.Extend(Matrix(), Circle());
        Assert.Equal(Math.Cos(5 * Math.PI / 180), strict.Radii[0], 5);
        Assert.True(strict.Added[0] <= 1);
        Assert.Equal(0, strict.Added[1]);
    }

    [Fact]
    public void With_gold_the_radius_is_the_widest_that_keeps_the_rules_accuracy_above_chance()
    {
        // Rule 0 is right on its one gold document: accuracy (1 + 1) / (1 + 2) = 2/3, so extended votes need a Wilson
        // lower bound of at least 2/3 - 0.05, and above chance (class 0 is half the gold). Its abstained gold documents,
        // nearest first: 5° (right), 30° (right), 45°, 90°, 180° (wrong, class 1). Taking 5° alone: bound 0.5; 5° and
        // 30°: 2/3; three: 0.39. So the radius is the 30° document's similarity to 10°, cos 20°. Rule 1 is right on 90°;
        // its nearest abstained gold document, 45°, is right too, but 1 of 1 bounds at 0.5, and 30° next is wrong.
        // The corpus's radius as wide as it goes (quantile 0: the 180° document's nearest neighbour, 90° away), so gold decides.
        var options = new EmbeddingExtensionOptions { GoldDocuments = [0, 3, 4, 7, 2, 6], GoldClasses = [0, 0, 0, 1, 1, 1], Quantile = 0 };
        var result = EmbeddingExtension.Extend(Matrix(), Circle(), options);
        Assert.Equal(RadiusSource.Gold, result.Sources[0]);
        Assert.Equal(Math.Cos(20 * Math.PI / 180), result.Radii[0], 5);
        Assert.Equal([0, 1, 3, 4], result.Matrix.Rule(0).Documents.ToArray());
        Assert.Equal(RadiusSource.None, result.Sources[1]);
        Assert.True(double.IsNaN(result.Radii[1]));
        Assert.Equal([2, 0], result.Added);

        // Were the 30° document of class 1, no radius would keep the accuracy.
        var wrong = EmbeddingExtension.Extend(Matrix(), Circle(), options with { GoldClasses = [0, 0, 1, 1, 1, 1] });
        Assert.Equal(RadiusSource.None, wrong.Sources[0]);
        Assert.Equal([0, 0], wrong.Added);

        // Were three quarters of the gold class 0, 2 of 2 right (bound 2/3) would be no better than voting class 0 blindly.
        var chance = EmbeddingExtension.Extend(Matrix(), Circle(), options with { GoldDocuments = [0, 3, 4, 7], GoldClasses = [0, 0, 0, 1] });
        Assert.Equal(RadiusSource.None, chance.Sources[0]);
        Assert.Equal(0, chance.Added[0]);

        // A rule that votes on no gold document takes the corpus's radius.
        Assert.Equal(RadiusSource.Quantile, chance.Sources[1]);

        // Gold never widens the corpus's radius: at the default (cos 5°) only the 5° document is within reach, and 1 of 1
        // right bounds at 0.5, below 2/3 - 0.05.
        var narrow = EmbeddingExtension.Extend(Matrix(), Circle(), options with { Quantile = 0.75 });
        Assert.Equal(RadiusSource.None, narrow.Sources[0]);
        Assert.Equal(0, narrow.Added[0]);
    }

    [Fact]
    public void A_rule_with_several_classes_gives_each_document_the_class_of_its_nearest_vote()
    {
        var votes = new LabelMatrix(Angles.Length, 2, [new RuleVotes([0, 2], [0, 1])]);
        var result = EmbeddingExtension.Extend(votes, Circle(), new EmbeddingExtensionOptions { Radius = 0.8 });
        var rule = result.Matrix.Rule(0);
        Assert.Equal([0, 1, 2, 3, 4, 5], rule.Documents.ToArray());
        Assert.Equal([0, 0, 1, 0, 0, 1], Enumerable.Range(0, rule.Count).Select(rule.ClassAt));
        Assert.Equal([4], result.Added);
    }

    [Fact]
    public void The_blocked_search_finds_the_same_nearest_documents_as_a_plain_loop()
    {
        var random = new Random(5);
        const int documents = 157;
        const int dimension = 37;
        var values = new float[documents * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        // A copy of document 3 at 150, so that both tie for whoever is near them.
        values.AsSpan(3 * dimension, dimension).CopyTo(values.AsSpan(150 * dimension));
        var vectors = new DenseMatrix(dimension, values);
        var rules = new List<RuleVotes>();
        for (var r = 0; r < 5; r++)
        {
            rules.Add(new RuleVotes([.. Enumerable.Range(0, documents).Where(_ => random.Next(4) == 0).Union([3, 150]).Order()], r % 2));
        }

        rules.Add(new RuleVotes([], 0));
        var search = new NearestVoted(vectors, rules);
        int[] queries = [.. Enumerable.Range(0, documents).Where(_ => random.Next(3) > 0)];
        var best = new float[queries.Length * rules.Count];
        var nearest = new int[queries.Length * rules.Count];
        search.Search(queries, float.NegativeInfinity, best, nearest, new ParallelOptions());
        for (var q = 0; q < queries.Length; q++)
        {
            for (var r = 0; r < rules.Count; r++)
            {
                var (expected, which) = (double.NegativeInfinity, -1);
                foreach (var d in rules[r].Documents)
                {
                    var s = Cosine(vectors, queries[q], d);
                    if (d != queries[q] && s > expected + 1e-6)
                    {
                        (expected, which) = (s, d);
                    }
                }

                var at = (q * rules.Count) + r;
                Assert.Equal(which, nearest[at]);
                Assert.Equal(expected, best[at], 4);
            }
        }
    }

    [Fact]
    public void Skipping_pairs_by_the_projection_bound_changes_no_answer()
    {
        // Sentence-embedding-like vectors: 30 clusters in a 12-dimensional subspace of 384, plus a little noise.
        var random = new Random(9);
        const int documents = 700;
        const int dimension = 384;
        var directions = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var centres = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 12).Select(_ => Gaussian(random)).ToArray()).ToArray();
        var values = new float[documents * dimension];
        for (var i = 0; i < documents; i++)
        {
            var centre = centres[random.Next(centres.Length)];
            for (var k = 0; k < 12; k++)
            {
                var weight = centre[k] + (0.3 * Gaussian(random));
                for (var a = 0; a < dimension; a++)
                {
                    values[(i * dimension) + a] += (float)(weight * directions[k][a]);
                }
            }

            for (var a = 0; a < dimension; a++)
            {
                values[(i * dimension) + a] += (float)(0.4 * Gaussian(random));
            }
        }

        var vectors = new DenseMatrix(dimension, values);
        var rules = Enumerable.Range(0, 4).Select(r => new RuleVotes([.. Enumerable.Range(0, documents).Where(_ => random.Next(50) == 0)], r % 2)).ToList();
        int[] queries = [.. Enumerable.Range(0, documents)];
        var (allBest, allNearest) = (new float[documents * 4], new int[documents * 4]);
        var (best, nearest) = (new float[documents * 4], new int[documents * 4]);
        var search = new NearestVoted(vectors, rules, fewestPairsToPrune: 0);
        search.Search(queries, float.NegativeInfinity, allBest, allNearest, new ParallelOptions());
        Assert.False(search.Pruned);
        const float floor = 0.8f;
        search.Search(queries, floor, best, nearest, new ParallelOptions());
        Assert.True(search.Pruned);
        var above = 0;
        for (var at = 0; at < best.Length; at++)
        {
            if (allBest[at] >= floor)
            {
                above++;
                Assert.Equal(allBest[at], best[at]);
                Assert.Equal(allNearest[at], nearest[at]);
            }
            else
            {
                Assert.Equal(float.NegativeInfinity, best[at]);
                Assert.Equal(-1, nearest[at]);
            }
        }

        Assert.InRange(above, 100, best.Length - 100);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Cosine(DenseMatrix m, int a, int b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var k = 0; k < m.Dimension; k++)
        {
            dot += m.Row(a)[k] * m.Row(b)[k];
            na += m.Row(a)[k] * m.Row(a)[k];
            nb += m.Row(b)[k] * m.Row(b)[k];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static LabelMatrix Matrix() => new(Angles.Length, 2, [new RuleVotes([0, 1], 0), new RuleVotes([2], 1)]);

    private static DenseMatrix Circle() =>
        new(2, [.. Angles.SelectMany(a => new[] { (float)Math.Cos(a * Math.PI / 180), (float)Math.Sin(a * Math.PI / 180) })]);
}
