using System.Numerics.Tensors;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Weighted k-means (Lloyd's algorithm) seeded by k-means++ (Arthur and Vassilvitskii 2007). Points are float rows;
/// assignments run in parallel over fixed ranges and the centroid sums are added in point order, so the result
/// depends only on the input and the seed. A cluster left empty takes the point farthest from its centroid.
/// </summary>
internal static class KMeans
{
    /// <summary>The outcome: each point's cluster, the centroids (k × dimension, row-major) and the Lloyd iterations run.</summary>
    public sealed record Result(int[] Assignment, float[] Centroids, int Iterations);

    /// <param name="points">n × dimension, row-major.</param>
    /// <param name="dimension">The length of each row.</param>
    /// <param name="weights">Per point weight (null: all 1).</param>
    /// <param name="k">The number of clusters (at most n).</param>
    /// <param name="seed">Seeds the k-means++ choices.</param>
    /// <param name="maxIterations">Lloyd iterations at most (it stops earlier when no assignment changes).</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static Result Fit(float[] points, int dimension, float[]? weights, int k, int seed, int maxIterations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (points.Length % dimension != 0)
        {
            throw new ArgumentException($"{points.Length} values are not whole rows of {dimension}.", nameof(points));
        }

        var n = points.Length / dimension;
        if (k < 1 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of points ({n}).");
        }

        if (weights is not null && weights.Length != n)
        {
            throw new ArgumentException($"{weights.Length} weights for {n} points.", nameof(weights));
        }

        var centroids = Seed(points, dimension, weights, k, seed, cancellationToken);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var distance = new float[n];
        var iterations = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = Assign(points, dimension, centroids, k, assignment, distance);
            if (changed == 0 || iterations == maxIterations)
            {
                break;
            }

            iterations++;
            Update(points, dimension, weights, k, assignment, distance, centroids);
        }

        return new Result(assignment, centroids, iterations);
    }

    /// <summary>k-means++: the first centre drawn by weight, each next by weight × squared distance to the nearest centre so far.</summary>
    private static float[] Seed(float[] points, int dimension, float[]? weights, int k, int seed, CancellationToken cancellationToken)
    {
        var n = points.Length / dimension;
        var random = new Random(seed);
        var centroids = new float[k * dimension];
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var chosen = Draw(random, n, i => weights?[i] ?? 1.0);
        for (var c = 0; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            points.AsSpan(chosen * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
            if (c == k - 1)
            {
                break;
            }

            var centre = centroids.AsMemory(c * dimension, dimension);
            Parallel.For(0, FixedChunks.Count(n), chunk =>
            {
                var (from, to) = FixedChunks.Range(n, chunk);
                var z = centre.Span;
                for (var i = from; i < to; i++)
                {
                    var d = (double)TensorPrimitives.Distance(points.AsSpan(i * dimension, dimension), z);
                    nearest[i] = Math.Min(nearest[i], d * d);
                }
            });
            var drawn = Draw(random, n, i => (weights?[i] ?? 1.0) * nearest[i]);
            chosen = drawn >= 0 ? drawn : FirstUnused(nearest);
        }

        return centroids;
    }

    /// <summary>Draws an index with probability proportional to <paramref name="mass"/> (−1 when all mass is zero).</summary>
    private static int Draw(Random random, int n, Func<int, double> mass)
    {
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += mass(i);
        }

        if (!(total > 0))
        {
            return -1;
        }

        var target = random.NextDouble() * total;
        var sum = 0.0;
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            var m = mass(i);
            if (m <= 0)
            {
                continue;
            }

            sum += m;
            last = i;
            if (sum > target)
            {
                return i;
            }
        }

        return last;
    }

    // Every point coincides with a centre already: any point will do (duplicates give an empty cluster, refilled later).
    private static int FirstUnused(double[] nearest) => Math.Max(0, Array.IndexOf(nearest, nearest.Max()));

    /// <summary>Each point to its nearest centroid (ties to the lower index); returns how many points moved.</summary>
    private static int Assign(float[] points, int dimension, float[] centroids, int k, int[] assignment, float[] distance)
    {
        // Centroids transposed (dimension × k), so a point's k scores are built by `dimension` long multiply-adds.
        var n = points.Length / dimension;
        var transposed = new float[dimension * k];
        var norms = new float[k];
        for (var c = 0; c < k; c++)
        {
            var row = centroids.AsSpan(c * dimension, dimension);
            norms[c] = TensorPrimitives.Dot(row, row);
            for (var j = 0; j < dimension; j++)
            {
                transposed[(j * k) + c] = row[j];
            }
        }

        var moved = new int[FixedChunks.Count(n)];
        Parallel.For(0, moved.Length, chunk =>
        {
            var (from, to) = FixedChunks.Range(n, chunk);
            var scores = new float[k];
            for (var i = from; i < to; i++)
            {
                // ‖x − c‖² less the constant ‖x‖².
                var x = points.AsSpan(i * dimension, dimension);
                norms.AsSpan().CopyTo(scores);
                for (var j = 0; j < dimension; j++)
                {
                    if (x[j] != 0)
                    {
                        TensorPrimitives.MultiplyAdd(transposed.AsSpan(j * k, k), -2 * x[j], scores, scores);
                    }
                }

                var best = TensorPrimitives.IndexOfMin(scores);
                distance[i] = Math.Max(0, scores[best] + TensorPrimitives.Dot(x, x));
                if (assignment[i] != best)
                {
                    assignment[i] = best;
                    moved[chunk]++;
                }
            }
        });
        return moved.Sum();
    }

    private static void Update(float[] points, int dimension, float[]? weights, int k, int[] assignment, float[] distance, float[] centroids)
    {
        var n = points.Length / dimension;
        var sums = new double[k * dimension];
        var mass = new double[k];
        for (var i = 0; i < n; i++)
        {
            var w = weights?[i] ?? 1f;
            var c = assignment[i];
            mass[c] += w;
            var sum = sums.AsSpan(c * dimension, dimension);
            var x = points.AsSpan(i * dimension, dimension);
            for (var j = 0; j < dimension; j++)
            {
                sum[j] += w * x[j];
            }
        }

        var taken = new bool[n];
        for (var c = 0; c < k; c++)
        {
            var centroid = centroids.AsSpan(c * dimension, dimension);
            if (mass[c] > 0)
            {
                for (var j = 0; j < dimension; j++)
                {
                    centroid[j] = (float)(sums[(c * dimension) + j] / mass[c]);
                }

                continue;
            }

            // Empty: the point farthest from its centroid, not already taken by another empty cluster.
            var far = -1;
            for (var i = 0; i < n; i++)
            {
                if (!taken[i] && (far < 0 || distance[i] > distance[far]))
                {
                    far = i;
                }
            }

            taken[far] = true;
            points.AsSpan(far * dimension, dimension).CopyTo(centroid);
        }
    }
}
