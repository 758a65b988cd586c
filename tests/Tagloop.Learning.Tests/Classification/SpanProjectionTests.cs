using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.Tests.Classification;

public sealed class SpanProjectionTests
{
    [Fact]
    public void Coordinates_grown_label_by_label_equal_those_worked_out_at_once_and_span_the_labelled_rows()
    {
        var corpus = Corpus(200, seed: 1);
        var grown = new SpanProjection(corpus, maxRank: 32);
        var labelled = new List<int>();
        foreach (var row in new[] { 3, 17, 42, 99, 150, 7, 8 })
        {
            labelled.Add(row);
            grown.Update(corpus, labelled);
        }

        var atOnce = new SpanProjection(corpus, maxRank: 32);
        atOnce.Update(corpus, labelled);
        Assert.Equal(atOnce.Rank, grown.Rank);
        var (a, b) = (new float[grown.Rank], new float[grown.Rank]);
        for (var r = 0; r < corpus.Rows; r++)
        {
            // Stored in half precision: 11 significant bits.
            grown.CopyCoordinates(r, a);
            atOnce.CopyCoordinates(r, b);
            for (var t = 0; t < a.Length; t++)
            {
                Assert.Equal(b[t], a[t], 2e-3);
            }
        }

        // The labelled rows' coordinates are kept exactly, and agree with the stored ones to half precision.
        foreach (var row in labelled)
        {
            grown.CopyCoordinates(row, a);
            Assert.Equal(atOnce.CoordinatesOf(row).ToArray(), grown.CoordinatesOf(row).ToArray(), (x, y) => Math.Abs(x - y) < 1e-5);
            Assert.Equal(grown.CoordinatesOf(row).ToArray(), a, (x, y) => Math.Abs(x - y) <= 1e-3 * Math.Max(1, Math.Abs(x)));
        }

        Assert.Throws<ArgumentException>(() => grown.CoordinatesOf(0).Length);

        // A labelled row lies in the span: its coordinates hold its whole norm.
        foreach (var row in labelled)
        {
            var z = grown.CoordinatesOf(row);
            var inside = 0.0;
            foreach (var v in z)
            {
                inside += v * v;
            }

            Assert.Equal(grown.NormOf(row), inside, 3);
        }
    }

    [Fact]
    public void Rows_past_the_pivot_candidates_get_exact_coordinates_but_never_widen_the_span()
    {
        var corpus = Corpus(200, seed: 2);
        var span = new SpanProjection(corpus, maxRank: 32);
        span.Update(corpus, [3, 17, 42, 99, 150], pivotCandidates: 2);
        Assert.Equal([3, 17], span.Pivots);

        // Row 42's exact coordinates are its projection onto the span of rows 3 and 17: equal to what a span of just
        // those two gives it.
        var two = new SpanProjection(corpus, maxRank: 32);
        two.Update(corpus, [3, 17]);
        var stored = new float[2];
        two.CopyCoordinates(42, stored);
        Assert.Equal(stored, span.CoordinatesOf(42).ToArray(), (x, y) => Math.Abs(x - y) <= 2e-3 * Math.Max(1, Math.Abs(x)));

        // Later, an answer (a candidate) still widens it, while the weak rows stay out.
        span.Update(corpus, [3, 17, 8, 42, 99, 150], pivotCandidates: 3);
        Assert.Equal([3, 17, 8], span.Pivots);
        Assert.Equal(3, span.CoordinatesOf(150).Length);
    }

    [Fact]
    public void A_copy_of_a_labelled_row_adds_no_direction_though_the_pool_is_stored_in_half_precision()
    {
        var corpus = Corpus(200, seed: 4);
        var withCopy = corpus.SelectRows([.. Enumerable.Range(0, 200), 3]);
        var span = new SpanProjection(withCopy, maxRank: 16);
        span.Update(withCopy, [10, 3, 50]);
        Assert.Equal(3, span.Rank);
        span.Update(withCopy, [10, 3, 50, 200, 77]);
        Assert.Equal(4, span.Rank);
        Assert.Equal([10, 3, 50, 77], span.Pivots);
        Assert.Equal(span.CoordinatesOf(3).ToArray(), span.CoordinatesOf(200).ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void A_model_scores_the_pool_the_same_with_the_projection_and_without_it()
    {
        var corpus = Corpus(300, seed: 2);
        var labelled = Enumerable.Range(0, 40).Select(i => i * 7).ToArray();
        var labels = labelled.Select(r => r % 3).ToArray();
        var span = new SpanProjection(corpus, maxRank: 16);
        span.Update(corpus, labelled);
        var model = BayesianSoftmaxRegression.Fit(corpus.SelectRows(labelled), labels, 3, new BayesianSoftmaxOptions(PosteriorRank: 16), null, span, labelled);
        Assert.Equal(16, model.Weights.Rank);

        var (m1, v1, m2, v2) = (new float[900], new float[900], new float[900], new float[900]);
        model.LogitMoments(corpus, null, m1, v1, span);
        model.LogitMoments(corpus, null, m2, v2, null);
        for (var i = 0; i < 900; i++)
        {
            Assert.Equal(m2[i], m1[i], 3);
            Assert.Equal(v2[i], v1[i], v2[i] * 1e-3);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(20)]
    public void Rows_scored_four_at_a_time_get_what_each_gets_alone_and_the_means_are_the_weights_dot_products(int classes)
    {
        // 301 rows: the last group of four is one row short; the chosen rows come in no order and end on a group of three.
        var corpus = Corpus(301, seed: 5);
        var labelled = Enumerable.Range(0, 3 * classes).Select(i => i * 4).ToArray();
        var span = new SpanProjection(corpus, maxRank: 24);
        span.Update(corpus, labelled);
        var model = BayesianSoftmaxRegression.Fit(corpus.SelectRows(labelled), [.. labelled.Select((_, i) => i % classes)], classes, new BayesianSoftmaxOptions(PosteriorRank: 24), null, span, labelled);
        var (mean, variance) = (new float[301 * classes], new float[301 * classes]);
        model.LogitMoments(corpus, null, mean, variance, span);

        int[] chosen = [300, 5, 17, 2, 299, 150, 7];
        var (chosenMean, chosenVariance) = (new float[chosen.Length * classes], new float[chosen.Length * classes]);
        model.LogitMoments(corpus, chosen, chosenMean, chosenVariance, span);
        var w = model.Weights;
        var dense = (DenseMatrix)corpus.Dense!;
        for (var i = 0; i < chosen.Length; i++)
        {
            var row = chosen[i];
            var (alone, aloneVariance) = (new float[classes], new float[classes]);
            model.LogitMoments(corpus, [row], alone, aloneVariance, span);
            for (var c = 0; c < classes; c++)
            {
                // wᵀx̃ + b from the weights themselves, the dense block centred.
                var expected = (double)w.BiasMean[c];
                var indices = corpus.Sparse!.RowIndices(row);
                var values = corpus.Sparse.RowValues(row);
                for (var t = 0; t < indices.Length; t++)
                {
                    var j = Array.IndexOf(w.Features, indices[t]);
                    expected += j < 0 ? 0 : w.SparseMean[(c * w.Features.Length) + j] * values[t];
                }

                for (var e = 0; e < w.DenseDimension; e++)
                {
                    expected += w.DenseMean[(c * w.DenseDimension) + e] * (dense.Row(row)[e] - w.DenseCenter[e]);
                }

                Assert.Equal(expected / w.Temperature, mean[(row * classes) + c], 4);
                Assert.Equal(mean[(row * classes) + c], chosenMean[(i * classes) + c], 5);
                Assert.Equal(mean[(row * classes) + c], alone[c], 5);
                Assert.Equal(variance[(row * classes) + c], chosenVariance[(i * classes) + c], variance[(row * classes) + c] * 1e-5);
                Assert.Equal(variance[(row * classes) + c], aloneVariance[c], variance[(row * classes) + c] * 1e-5);
                Assert.True(variance[(row * classes) + c] > 0);
            }
        }
    }

    [Fact]
    public void Undoing_a_pivot_or_new_features_start_the_span_again()
    {
        var corpus = Corpus(50, seed: 3);
        var span = new SpanProjection(corpus, maxRank: 8);
        span.Update(corpus, [1, 2, 3]);
        Assert.Equal([1, 2, 3], span.Pivots);
        span.Update(corpus, [1, 3, 4]);
        Assert.Equal([1, 3, 4], span.Pivots);

        var other = Corpus(50, seed: 3);
        span.Update(other, [1, 3, 4]);
        Assert.Same(other, span.Corpus);
        Assert.Equal([1, 3, 4], span.Pivots);
    }

    private static FeatureRows Corpus(int rows, int seed)
    {
        var random = new Random(seed);
        const int Dimension = 12;
        var dense = new float[rows * Dimension];
        for (var i = 0; i < dense.Length; i++)
        {
            dense[i] = (float)(random.NextDouble() - 0.5);
        }

        var starts = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < rows; i++)
        {
            foreach (var j in new SortedSet<int>(Enumerable.Range(0, 4).Select(_ => random.Next(60))))
            {
                indices.Add(j);
                values.Add(0.5f);
            }

            starts[i + 1] = indices.Count;
        }

        var matrix = new DenseMatrix(Dimension, dense);
        return new FeatureRows(new SparseMatrix(60, starts, [.. indices], [.. values]), matrix.WithCenter(matrix.Mean()));
    }
}
