namespace Tagloop.Learning.Explore;

/// <summary>
/// Stochastic gradient layout of a <see cref="FuzzyGraph"/> in the manner of UMAP: along each half-edge, sampled in
/// proportion to its weight, a row is pulled towards its neighbour and pushed from rows drawn at random, with the
/// low-dimensional similarity 1/(1 + a·d^(2b)) and a learning rate falling linearly to zero. Each epoch every movable
/// row moves only itself, against the positions of the epoch before, with a random stream of its own
/// (seed, epoch, row): the result is the same whatever the threads.
/// </summary>
internal static class LayoutOptimiser
{
    private const float Clip = 4f;

    /// <summary>
    /// Optimises positions (x, y pairs) in place for the rows in [firstMovable, count); negatives are drawn from
    /// [0, negativePool).
    /// </summary>
    public static void Optimise(float[] positions, FuzzyGraph graph, int firstMovable, int negativePool, int epochs, float minDistance,
        int negativeSamples, float learningRate, int seed)
    {
        var (a, b) = FitCurve(minDistance);
        var count = positions.Length / 2;
        var maxWeight = 0f;
        foreach (var w in graph.Weights)
        {
            maxWeight = Math.Max(maxWeight, w);
        }

        var period = new float[graph.Weights.Length];
        var next = new float[graph.Weights.Length];
        for (var h = 0; h < period.Length; h++)
        {
            period[h] = maxWeight / graph.Weights[h];
            next[h] = period[h];
        }

        var current = positions;
        var following = (float[])positions.Clone();
        var movable = count - firstMovable;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var alpha = learningRate * (1f - ((epoch - 1f) / epochs));
            var source = current;
            var target = following;
            NeighbourGraph.ForChunks(movable, (start, end) =>
            {
                for (var i = firstMovable + start; i < firstMovable + end; i++)
                {
                    var random = new MapRandom(seed, epoch, i);
                    var x = source[2 * i];
                    var y = source[(2 * i) + 1];
                    for (var h = graph.Offsets[i]; h < graph.Offsets[i + 1]; h++)
                    {
                        if (next[h] > epoch)
                        {
                            continue;
                        }

                        next[h] += period[h];
                        var j = graph.Targets[h];
                        var dx = x - source[2 * j];
                        var dy = y - source[(2 * j) + 1];
                        var d2 = (dx * dx) + (dy * dy);
                        if (d2 > 0f)
                        {
                            var power = MathF.Pow(d2, b);
                            var coefficient = -2f * a * b * power / d2 / ((a * power) + 1f);
                            x += Math.Clamp(coefficient * dx, -Clip, Clip) * alpha;
                            y += Math.Clamp(coefficient * dy, -Clip, Clip) * alpha;
                        }

                        for (var n = 0; n < negativeSamples; n++)
                        {
                            var k = random.Next(negativePool);
                            if (k == i)
                            {
                                continue;
                            }

                            dx = x - source[2 * k];
                            dy = y - source[(2 * k) + 1];
                            d2 = (dx * dx) + (dy * dy);
                            if (d2 > 0f)
                            {
                                var coefficient = 2f * b / ((0.001f + d2) * ((a * MathF.Pow(d2, b)) + 1f));
                                x += Math.Clamp(coefficient * dx, -Clip, Clip) * alpha;
                                y += Math.Clamp(coefficient * dy, -Clip, Clip) * alpha;
                            }
                        }
                    }

                    target[2 * i] = x;
                    target[(2 * i) + 1] = y;
                }
            });
            (current, following) = (following, current);
        }

        if (!ReferenceEquals(current, positions))
        {
            Array.Copy(current, positions, positions.Length);
        }
    }

    /// <summary>
    /// a and b of 1/(1 + a·d^(2b)) closest (least squares on d in (0, 3]) to 1 below minDistance and
    /// exp(−(d − minDistance)) beyond: a coarse grid, then a shrinking pattern search.
    /// </summary>
    internal static (float A, float B) FitCurve(float minDistance)
    {
        const int Points = 300;
        var xs = new double[Points];
        var ys = new double[Points];
        for (var p = 0; p < Points; p++)
        {
            xs[p] = 3.0 * (p + 1) / Points;
            ys[p] = xs[p] < minDistance ? 1.0 : Math.Exp(-(xs[p] - minDistance));
        }

        double Error(double a, double b)
        {
            double sum = 0;
            for (var p = 0; p < Points; p++)
            {
                var e = (1.0 / (1.0 + (a * Math.Pow(xs[p], 2 * b)))) - ys[p];
                sum += e * e;
            }

            return sum;
        }

        double bestA = 1.5, bestB = 0.9, best = double.MaxValue;
        for (var a = 0.1; a <= 5.0; a += 0.1)
        {
            for (var b = 0.3; b <= 2.0; b += 0.05)
            {
                var e = Error(a, b);
                if (e < best)
                {
                    (best, bestA, bestB) = (e, a, b);
                }
            }
        }

        for (double step = 0.05; step > 1e-5; step /= 2)
        {
            var improved = true;
            while (improved)
            {
                improved = false;
                foreach (var (da, db) in new[] { (step, 0.0), (-step, 0.0), (0.0, step / 2), (0.0, -step / 2) })
                {
                    var e = Error(bestA + da, bestB + db);
                    if (bestA + da > 0 && bestB + db > 0 && e < best)
                    {
                        (best, bestA, bestB) = (e, bestA + da, bestB + db);
                        improved = true;
                    }
                }
            }
        }

        return ((float)bestA, (float)bestB);
    }
}
