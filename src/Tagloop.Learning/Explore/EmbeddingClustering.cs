using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>A candidate number of clusters and the mean silhouette it reached on the sample.</summary>
public sealed record ClusterCountScore(int K, double Silhouette);

/// <summary>
/// A clustering of n rows: each row's cluster, the unit-length centroids (k × dimension, row-major), each cluster's
/// size and its most central members (row indices, most similar to the centroid first), the Lloyd iterations of the
/// final fit, the mean cosine similarity of rows to their centroid (the objective, best of the restarts), and — when k
/// was chosen automatically — every candidate k with its silhouette (empty otherwise).
/// </summary>
public sealed record EmbeddingClusters(
    int K,
    int[] Assignments,
    float[] Centroids,
    int[] Sizes,
    int[][] CentralMembers,
    int Iterations,
    double Cohesion,
    IReadOnlyList<ClusterCountScore> Candidates);

/// <summary>
/// Spherical k-means (Dhillon and Modha 2001): rows are scaled to unit length, each goes to the centroid of highest
/// cosine similarity, and each centroid is its members' mean scaled back to unit length. Seeded by k-means++ (Arthur and
/// Vassilvitskii 2007) on the distance 1 − cos. Assignments run in parallel over fixed ranges, each row on its own,
/// and centroid sums are added in row order, so the result depends only on the rows and the seed. A cluster left empty
/// takes the row least similar to its centroid. Rows of all zeros are allowed (they stay zero, have cosine 0 with every
/// centroid and so join the lowest-numbered cluster that is not opposed to them); NaN or infinite values are refused. A
/// cluster can end empty only when the rows have fewer distinct directions than k. Each fit runs from
/// <c>restarts</c> k-means++ seedings (seeds derived from the one given) and keeps the one of highest total cosine
/// similarity to the centroids (ties to the earlier), which makes the outcome far less dependent on the seed.
/// <para>
/// With no k given, every candidate k is scored by the mean silhouette (Rousseeuw 1987) under cosine distance of a
/// spherical k-means fitted on a seeded sample of at most <see cref="SampleSize"/> rows; the silhouette compares each
/// row's mean distance to its own cluster with that to the nearest other cluster, and is bounded in [−1, 1] whatever k
/// is, so candidates compare fairly (a BIC would assume Gaussian clusters of shared variance, which unit-length
/// embeddings are not). The highest silhouette alone is not the choice: on text embeddings the silhouette is nearly
/// flat over k = 2…30 (AG News with MiniLM: 0.075 at k = 3, 0.069 at its 4 gold classes, 0.065 at 29) and its maximum
/// lands on 2–3 or on a noise spike near 30 (docs/benchmarks/explore.md). So every k whose silhouette is less than
/// min(<see cref="SilhouetteTolerance"/> × best, <see cref="SilhouetteMargin"/>) below the best counts as equally
/// supported by the data, and of those the one nearest (on a log scale; ties to the smaller) to
/// <see cref="PreferredClusterCount"/> — √(n / 50) within [4, 30], a useful number of groups to explore — wins. Where
/// groups are clearly separated, splitting or merging one costs far more than that margin and the silhouette's own
/// peak is kept (12 well-separated blobs: 0.82 at k = 12, 0.75 at 13). The chosen k is then fitted on all rows. Asking
/// for more or fewer clusters is fitting again with that k.
/// </para>
/// </summary>
public static class EmbeddingClustering
{
    /// <summary>The most rows the automatic choice of k fits and scores each candidate on.</summary>
    public const int SampleSize = 2000;

    /// <summary>The default upper end of the automatic range: min(30, ⌊√n⌋), at least 2.</summary>
    public const int DefaultMaxClusters = 30;

    /// <summary>
    /// How far below the best sample silhouette a candidate k may score and still count as equally supported: this
    /// share of the best, but never more than <see cref="SilhouetteMargin"/>.
    /// </summary>
    public const double SilhouetteTolerance = 0.10;

    /// <summary>The most a candidate's silhouette may lie below the best and still count (see <see cref="SilhouetteTolerance"/>).</summary>
    public const double SilhouetteMargin = 0.01;

    /// <summary>The number of groups the automatic choice leans to among equally supported k: √(n / 50), rounded, within [4, 30].</summary>
    public static int PreferredClusterCount(int rows) => Math.Clamp((int)Math.Round(Math.Sqrt(rows / 50.0)), 4, DefaultMaxClusters);

    /// <summary>Fits exactly <paramref name="k"/> clusters.</summary>
    /// <param name="rows">n × dimension, row-major; need not be unit length (they are scaled, the input is not changed).</param>
    /// <param name="dimension">The length of each row.</param>
    /// <param name="k">Clusters wanted, 1 to n.</param>
    /// <param name="seed">Seeds k-means++.</param>
    /// <param name="centralCount">How many central members to list per cluster (fewer when the cluster is smaller).</param>
    /// <param name="maxIterations">Lloyd iterations at most (it stops earlier when no row moves).</param>
    /// <param name="restarts">k-means++ seedings tried, the best kept (at least 1).</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public static EmbeddingClusters Fit(float[] rows, int dimension, int k, int seed, int centralCount = 5, int maxIterations = 100, int restarts = 3, CancellationToken cancellationToken = default)
    {
        var n = Validate(rows, dimension, centralCount, maxIterations, restarts);
        if (k < 1 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of rows ({n}).");
        }

        var unit = Normalise(rows, dimension);
        return Finish(unit, dimension, k, seed, centralCount, maxIterations, restarts, [], cancellationToken);
    }

    /// <summary>
    /// Fits a k in [<paramref name="minK"/>, <paramref name="maxK"/>] chosen by the sample silhouette: of the k within
    /// <see cref="SilhouetteTolerance"/> of the best, the nearest to <see cref="PreferredClusterCount"/>.
    /// </summary>
    /// <param name="rows">n × dimension, row-major (n at least 3).</param>
    /// <param name="dimension">The length of each row.</param>
    /// <param name="seed">Seeds the sample and every k-means++.</param>
    /// <param name="minK">The smallest k tried, at least 2.</param>
    /// <param name="maxK">The largest k tried (null: min(30, ⌊√n⌋)); capped at the sample's size less one.</param>
    /// <param name="centralCount">How many central members to list per cluster.</param>
    /// <param name="maxIterations">Lloyd iterations at most, per fit.</param>
    /// <param name="restarts">k-means++ seedings tried per fit, the best kept (at least 1).</param>
    /// <param name="cancellationToken">Checked between candidates and iterations.</param>
    public static EmbeddingClusters FitAutomatic(float[] rows, int dimension, int seed, int minK = 2, int? maxK = null, int centralCount = 5, int maxIterations = 100, int restarts = 3, CancellationToken cancellationToken = default)
    {
        var n = Validate(rows, dimension, centralCount, maxIterations, restarts);
        if (minK < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(minK), minK, "The silhouette needs at least 2 clusters.");
        }

        var sampleSize = Math.Min(n, SampleSize);
        var upper = Math.Min(maxK ?? Math.Min(DefaultMaxClusters, Math.Max(2, (int)Math.Sqrt(n))), sampleSize - 1);
        if (maxK is { } given && given < minK)
        {
            throw new ArgumentOutOfRangeException(nameof(maxK), given, $"maxK must be at least minK ({minK}).");
        }

        if (upper < minK)
        {
            throw new ArgumentException($"{n} rows are too few to choose between {minK} and {maxK?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more"} clusters.", nameof(rows));
        }

        var unit = Normalise(rows, dimension);
        var sample = Sample(unit, dimension, n, sampleSize, seed);
        var distances = PairwiseDistances(sample, dimension, sampleSize);
        var candidates = new List<ClusterCountScore>();
        for (var k = minK; k <= upper; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (assignment, _, _, _) = BestOf(sample, dimension, k, seed, maxIterations, restarts, cancellationToken);
            candidates.Add(new ClusterCountScore(k, Silhouette(distances, assignment, k, sampleSize)));
        }

        return Finish(unit, dimension, ChooseCount(candidates, n), seed, centralCount, maxIterations, restarts, candidates, cancellationToken);
    }

    /// <summary>
    /// The automatic choice among scored candidates: of those whose silhouette is at most
    /// min(<see cref="SilhouetteTolerance"/> × best, <see cref="SilhouetteMargin"/>) below the best, the k nearest to
    /// <see cref="PreferredClusterCount"/> of <paramref name="rows"/> by |ln k − ln k₀|, ties to the smaller. When no
    /// silhouette is positive there is no structure to trust and the highest (the smallest k among equals) is taken.
    /// </summary>
    internal static int ChooseCount(IReadOnlyList<ClusterCountScore> candidates, int rows)
    {
        var best = candidates[0];
        foreach (var candidate in candidates)
        {
            if (candidate.Silhouette > best.Silhouette || (candidate.Silhouette == best.Silhouette && candidate.K < best.K))
            {
                best = candidate;
            }
        }

        if (!(best.Silhouette > 0))
        {
            return best.K;
        }

        var floor = best.Silhouette - Math.Min(SilhouetteTolerance * best.Silhouette, SilhouetteMargin);
        var preferred = Math.Log(PreferredClusterCount(rows));
        var chosen = best.K;
        var distance = double.PositiveInfinity;
        foreach (var candidate in candidates)
        {
            var away = Math.Abs(Math.Log(candidate.K) - preferred);
            // Equal distances (4 and 9 around 6) may differ in the last bits of their logarithms: compared with a margin.
            if (candidate.Silhouette >= floor && (away < distance - 1e-9 || (Math.Abs(away - distance) <= 1e-9 && candidate.K < chosen)))
            {
                chosen = candidate.K;
                distance = away;
            }
        }

        return chosen;
    }

    /// <summary>The mean silhouette of an assignment under cosine distance (rows need not be unit length; at most <see cref="SampleSize"/> of them).</summary>
    public static double Silhouette(float[] rows, int dimension, int[] assignments)
    {
        var n = Validate(rows, dimension, 1, 1, 1);
        if (n > SampleSize)
        {
            throw new ArgumentException($"{n} rows: the silhouette is measured on at most {SampleSize} (it holds all pairwise distances).", nameof(rows));
        }

        ArgumentNullException.ThrowIfNull(assignments);
        if (assignments.Length != n)
        {
            throw new ArgumentException($"{assignments.Length} assignments for {n} rows.", nameof(assignments));
        }

        if (assignments.Any(a => a < 0))
        {
            throw new ArgumentException("Cluster ids must not be negative.", nameof(assignments));
        }

        var unit = Normalise(rows, dimension);
        return Silhouette(PairwiseDistances(unit, dimension, n), assignments, assignments.Max() + 1, n);
    }

    private static int Validate(float[] rows, int dimension, int centralCount, int maxIterations, int restarts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(centralCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        if (rows.Length == 0)
        {
            throw new ArgumentException("There are no rows to cluster.", nameof(rows));
        }

        if (rows.Length % dimension != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not whole rows of {dimension}.", nameof(rows));
        }

        var bad = Array.FindIndex(rows, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Row {bad / dimension} holds a value that is not finite ({rows[bad]}).", nameof(rows));
        }

        return rows.Length / dimension;
    }

    private static float[] Normalise(float[] rows, int dimension)
    {
        var unit = (float[])rows.Clone();
        for (var start = 0; start < unit.Length; start += dimension)
        {
            var row = unit.AsSpan(start, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }

        return unit;
    }

    private static float[] Sample(float[] unit, int dimension, int n, int size, int seed)
    {
        if (size == n)
        {
            return unit;
        }

        // A partial Fisher–Yates shuffle picks `size` distinct rows; they are kept in row order.
        var random = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var picked = order.AsSpan(0, size).ToArray();
        Array.Sort(picked);
        var sample = new float[size * dimension];
        for (var i = 0; i < size; i++)
        {
            unit.AsSpan(picked[i] * dimension, dimension).CopyTo(sample.AsSpan(i * dimension, dimension));
        }

        return sample;
    }

    private static EmbeddingClusters Finish(float[] unit, int dimension, int k, int seed, int centralCount, int maxIterations, int restarts, IReadOnlyList<ClusterCountScore> candidates, CancellationToken cancellationToken)
    {
        var n = unit.Length / dimension;
        var (assignment, centroids, iterations, total) = BestOf(unit, dimension, k, seed, maxIterations, restarts, cancellationToken);
        var sizes = new int[k];
        var members = new List<(float Similarity, int Row)>[k];
        for (var c = 0; c < k; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < n; i++)
        {
            var c = assignment[i];
            sizes[c]++;
            members[c].Add((TensorPrimitives.Dot(unit.AsSpan(i * dimension, dimension), centroids.AsSpan(c * dimension, dimension)), i));
        }

        var central = new int[k][];
        for (var c = 0; c < k; c++)
        {
            central[c] = members[c]
                .OrderByDescending(m => m.Similarity)
                .ThenBy(m => m.Row)
                .Take(centralCount)
                .Select(m => m.Row)
                .ToArray();
        }

        return new EmbeddingClusters(k, assignment, centroids, sizes, central, iterations, total / n, candidates);
    }

    /// <summary>The restart of highest total cosine to the centroids (restart r seeded by seed + r · 1,000,003).</summary>
    private static (int[] Assignment, float[] Centroids, int Iterations, double Total) BestOf(float[] unit, int dimension, int k, int seed, int maxIterations, int restarts, CancellationToken cancellationToken)
    {
        (int[] Assignment, float[] Centroids, int Iterations, double Total) best = default;
        for (var r = 0; r < restarts; r++)
        {
            var (assignment, centroids, iterations, similarity) = Lloyd(unit, dimension, k, unchecked(seed + (r * 1_000_003)), maxIterations, cancellationToken);
            var total = 0.0;
            foreach (var s in similarity)
            {
                total += s;
            }

            if (r == 0 || total > best.Total)
            {
                best = (assignment, centroids, iterations, total);
            }
        }

        return best;
    }

    /// <summary>Spherical k-means over unit rows: (assignment, unit centroids, iterations, each row's cosine to its centroid).</summary>
    private static (int[] Assignment, float[] Centroids, int Iterations, float[] Similarity) Lloyd(float[] unit, int dimension, int k, int seed, int maxIterations, CancellationToken cancellationToken)
    {
        var n = unit.Length / dimension;
        var centroids = Seed(unit, dimension, k, seed, cancellationToken);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var similarity = new float[n];
        var iterations = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var moved = Assign(unit, dimension, centroids, k, assignment, similarity);
            if (moved == 0 || iterations == maxIterations)
            {
                break;
            }

            iterations++;
            Update(unit, dimension, k, assignment, similarity, centroids);
        }

        return (assignment, centroids, iterations, similarity);
    }

    /// <summary>k-means++ with D(x) = 1 − cos(x, nearest centre): the first centre uniform over rows that are not all zeros, each next drawn ∝ D².</summary>
    private static float[] Seed(float[] unit, int dimension, int k, int seed, CancellationToken cancellationToken)
    {
        var n = unit.Length / dimension;
        var random = new Random(seed);
        var centroids = new float[k * dimension];
        var nearest = new double[n];
        var directions = new List<int>();
        for (var i = 0; i < n; i++)
        {
            // A row of zeros gives no direction: it is never drawn while another row is left.
            var isZero = TensorPrimitives.Dot(unit.AsSpan(i * dimension, dimension), unit.AsSpan(i * dimension, dimension)) == 0;
            nearest[i] = isZero ? 0 : double.PositiveInfinity;
            if (!isZero)
            {
                directions.Add(i);
            }
        }

        var chosen = directions.Count > 0 ? directions[random.Next(directions.Count)] : random.Next(n);
        for (var c = 0; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            unit.AsSpan(chosen * dimension, dimension).CopyTo(centroids.AsSpan(c * dimension, dimension));
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
                    if (nearest[i] == 0)
                    {
                        continue;
                    }

                    var d = Math.Max(0.0, 1.0 - TensorPrimitives.Dot(unit.AsSpan(i * dimension, dimension), z));
                    nearest[i] = Math.Min(nearest[i], d * d);
                }
            });

            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                total += nearest[i];
            }

            if (!(total > 0))
            {
                // Every row coincides with a centre already: the next unused row index (the duplicate cluster is refilled later).
                chosen = (chosen + 1) % n;
                continue;
            }

            var target = random.NextDouble() * total;
            var sum = 0.0;
            chosen = -1;
            for (var i = 0; i < n && chosen < 0; i++)
            {
                sum += nearest[i];
                if (nearest[i] > 0 && sum > target)
                {
                    chosen = i;
                }
            }

            if (chosen < 0)
            {
                chosen = Array.FindLastIndex(nearest, d => d > 0);
            }
        }

        return centroids;
    }

    /// <summary>Each row to the centroid of highest cosine (ties to the lower index); returns how many rows moved.</summary>
    private static int Assign(float[] unit, int dimension, float[] centroids, int k, int[] assignment, float[] similarity)
    {
        var n = unit.Length / dimension;
        var moved = new int[FixedChunks.Count(n)];
        Parallel.For(0, moved.Length, chunk =>
        {
            var (from, to) = FixedChunks.Range(n, chunk);
            for (var i = from; i < to; i++)
            {
                var x = unit.AsSpan(i * dimension, dimension);
                var best = 0;
                var bestSimilarity = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var s = TensorPrimitives.Dot(x, centroids.AsSpan(c * dimension, dimension));
                    if (s > bestSimilarity)
                    {
                        bestSimilarity = s;
                        best = c;
                    }
                }

                similarity[i] = bestSimilarity;
                if (assignment[i] != best)
                {
                    assignment[i] = best;
                    moved[chunk]++;
                }
            }
        });
        return moved.Sum();
    }

    private static void Update(float[] unit, int dimension, int k, int[] assignment, float[] similarity, float[] centroids)
    {
        var n = unit.Length / dimension;
        var sums = new double[k * dimension];
        var counts = new int[k];
        for (var i = 0; i < n; i++)
        {
            var c = assignment[i];
            counts[c]++;
            var sum = sums.AsSpan(c * dimension, dimension);
            var x = unit.AsSpan(i * dimension, dimension);
            for (var j = 0; j < dimension; j++)
            {
                sum[j] += x[j];
            }
        }

        var taken = new bool[n];
        for (var c = 0; c < k; c++)
        {
            var centroid = centroids.AsSpan(c * dimension, dimension);
            var sum = sums.AsSpan(c * dimension, dimension);
            var norm = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                norm += sum[j] * sum[j];
            }

            if (counts[c] > 0 && norm > 0)
            {
                var scale = 1.0 / Math.Sqrt(norm);
                for (var j = 0; j < dimension; j++)
                {
                    centroid[j] = (float)(sum[j] * scale);
                }

                continue;
            }

            // Empty (or its members cancel out): the row least similar to its centroid, not taken by another empty
            // cluster; a row of zeros only when no other is left, as it gives no direction.
            var far = -1;
            var farIsZero = true;
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var isZero = TensorPrimitives.Dot(unit.AsSpan(i * dimension, dimension), unit.AsSpan(i * dimension, dimension)) == 0;
                if (far < 0 || (farIsZero && !isZero) || (isZero == farIsZero && similarity[i] < similarity[far]))
                {
                    far = i;
                    farIsZero = isZero;
                }
            }

            taken[far] = true;
            unit.AsSpan(far * dimension, dimension).CopyTo(centroid);
        }
    }

    /// <summary>Cosine distances 1 − cos between all rows of a unit matrix (n × n, row-major), row by row in parallel.</summary>
    private static float[] PairwiseDistances(float[] unit, int dimension, int n)
    {
        var distances = new float[(long)n * n];
        Parallel.For(0, n, i =>
        {
            var x = unit.AsSpan(i * dimension, dimension);
            for (var j = 0; j < n; j++)
            {
                distances[((long)i * n) + j] = i == j ? 0f : Math.Max(0f, 1f - TensorPrimitives.Dot(x, unit.AsSpan(j * dimension, dimension)));
            }
        });
        return distances;
    }

    /// <summary>
    /// The mean over rows of (b − a) / max(a, b), a the mean distance to the rest of the row's cluster and b the least
    /// mean distance to another non-empty cluster; a row alone in its cluster scores 0. Summed in row order.
    /// </summary>
    private static double Silhouette(float[] distances, int[] assignment, int k, int n)
    {
        var sizes = new int[k];
        foreach (var c in assignment)
        {
            sizes[c]++;
        }

        var scores = new double[n];
        Parallel.For(0, n, i =>
        {
            var own = assignment[i];
            if (sizes[own] <= 1)
            {
                return;
            }

            var sums = new double[k];
            var row = distances.AsSpan((int)((long)i * n), n);
            for (var j = 0; j < n; j++)
            {
                sums[assignment[j]] += row[j];
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            if (double.IsPositiveInfinity(b))
            {
                return;
            }

            var denominator = Math.Max(a, b);
            scores[i] = denominator > 0 ? (b - a) / denominator : 0;
        });

        var total = 0.0;
        foreach (var s in scores)
        {
            total += s;
        }

        return total / n;
    }
}
