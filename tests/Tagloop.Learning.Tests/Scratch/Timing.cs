using System.Diagnostics;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Classification;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Loop;
using Xunit.Abstractions;

namespace Tagloop.Learning.Tests.Scratch;

public sealed class Timing(ITestOutputHelper output)
{
    [Theory]
    [InlineData(100_000, 4)]
    [InlineData(100_000, 50)]
    public void Refit(int rows, int classes)
    {
        const int labels = 200;
        var random = new Random(1);
        const int M = 384;
        var dense = new float[rows * M];
        for (var i = 0; i < dense.Length; i++)
        {
            dense[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        var starts = new int[rows + 1];
        var indices = new int[rows * 40];
        var values = new float[rows * 40];
        for (var i = 0; i < rows; i++)
        {
            var set = new SortedSet<int>();
            while (set.Count < 40)
            {
                set.Add(random.Next(1 << 18));
            }

            var t = i * 40;
            foreach (var j in set)
            {
                indices[t] = j;
                values[t++] = 0.158f;
            }

            starts[i + 1] = t;
        }

        var matrix = new DenseMatrix(M, dense);
        var corpus = new FeatureRows(new SparseMatrix(1 << 18, starts, indices, values), matrix.WithCenter(matrix.Mean()));
        var geometry = new float[rows * RandomProjection.DefaultDimension];
        var clock = Stopwatch.StartNew();
        RandomProjection.Project(corpus, RandomProjection.DefaultDimension, geometry);
        output.WriteLine($"projection {clock.ElapsedMilliseconds} ms");
        var labelled = new LabelledRows([.. Enumerable.Range(0, labels)], [.. Enumerable.Range(0, labels).Select(i => new[] { i % classes })], classes, false);
        var strategy = AcquisitionCatalog.Find("margin")!;
        var span = new SpanProjection(corpus, 128);
        var first = LabellingLoop.Refit(corpus, geometry, labelled, strategy, null, 1, new BayesianSoftmaxOptions(), span: span);
        output.WriteLine($"first refit {first.Milliseconds:0} ms, rank {((BayesianSoftmaxRegression)first.Model).Weights.Rank}");
        var times = new List<double>();
        var model0 = first.Model;
        for (var round = 0; round < 3; round++)
        {
            // One more label each round, as after an answer.
            labelled = new LabelledRows([.. labelled.Rows, labels + round], [.. labelled.Sets, [round % classes]], classes, false);
            var again = LabellingLoop.Refit(corpus, geometry, labelled, strategy, model0, 2 + round, new BayesianSoftmaxOptions(), span: span);
            model0 = again.Model;
            times.Add(again.Milliseconds);
        }

        output.WriteLine($"rows {rows} classes {classes}: refits {string.Join(", ", times.Select(t => t.ToString("0")))} ms");
        var model = (BayesianSoftmaxRegression)first.Model;
        clock.Restart();
        var m = new float[rows * classes];
        var v = new float[rows * classes];

        clock.Restart();
        ((BayesianSoftmaxRegression)model0).LogitMoments(corpus, null, m, v, span);
        output.WriteLine($"moments alone, with projection {clock.ElapsedMilliseconds} ms");
        {
            labelled = new LabelledRows([.. labelled.Rows, labels + 50], [.. labelled.Sets, [1]], classes, false);
            var c2 = Stopwatch.StartNew();
            var training = corpus.SelectRows(labelled.Rows);
            var t0 = c2.Elapsed.TotalMilliseconds;
            span.Update(corpus, labelled.Rows);
            var t1 = c2.Elapsed.TotalMilliseconds;
            var last = (BayesianSoftmaxRegression)model0;
            var fitted = BayesianSoftmaxRegression.Fit(training, [.. labelled.Sets.Select(set => set[0])], classes, last.KeepingPriors(new BayesianSoftmaxOptions()), last, span, labelled.Rows);
            var t2 = c2.Elapsed.TotalMilliseconds;
            var poolRows = Enumerable.Range(0, rows).Where(r => !labelled.Rows.Contains(r)).ToArray();
            var t3 = c2.Elapsed.TotalMilliseconds;
            var input = PoolScorer.Moments(fitted, corpus, poolRows, span);
            var t4 = c2.Elapsed.TotalMilliseconds;
            input = input with { Geometry = new PoolGeometry(RandomProjection.DefaultDimension, geometry, poolRows, labelled.Rows), LabelCounts = labelled.Counts() };
            var order = QueueRanker.Rank(strategy, input, new RankingOptions(20, ColdStart: true), 3, null);
            var t5 = c2.Elapsed.TotalMilliseconds;
            output.WriteLine($"select {t0:0} span {t1 - t0:0} fit {t2 - t1:0} ({fitted.Report.Iterations} it) pool {t3 - t2:0} moments {t4 - t3:0} rank {t5 - t4:0} ms");
        }

        var selected = corpus.SelectRows(labelled.Rows);
        for (var rep = 0; rep < 2; rep++)
        {
            clock.Restart();
            var fitted = BayesianSoftmaxRegression.Fit(selected, [.. labelled.Sets.Select(s => s[0])], classes, model.KeepingPriors(new BayesianSoftmaxOptions()), (BayesianSoftmaxRegression)model0);
            output.WriteLine($"fit alone {clock.ElapsedMilliseconds} ms, iterations {fitted.Report.Iterations}");
            clock.Restart();
            BayesianSoftmaxRegression.Fit(selected, [.. labelled.Sets.Select(s => s[0])], classes, model.KeepingPriors(new BayesianSoftmaxOptions()) with { MaxIterations = 1 }, (BayesianSoftmaxRegression)model0);
            output.WriteLine($"fit with one iteration {clock.ElapsedMilliseconds} ms");
        }
    }
}
