using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>
/// Places rows of embeddings (n × d floats, row-major; compared by cosine, so their length does not matter) on a 2-D
/// map where neighbours in the embedding stay neighbours. <see cref="Project"/> starts from the rows' two principal
/// components, builds an approximate k-nearest-neighbour graph (random-projection trees refined by NN-descent), turns
/// it into a fuzzy graph and lays that out by stochastic gradient descent with negative sampling, as UMAP does
/// (McInnes, Healy and Melville 2018); our own implementation. <see cref="Place"/> adds rows to an existing map
/// without moving the rows already on it. The same input, options and seed give the same coordinates, whatever the
/// number of threads.
/// </summary>
public static class MapProjection
{
    /// <summary>The layout's working scale: a map in [−1, 1]² is this many units across its half-width.</summary>
    private const float Scale = 10f;

    /// <summary>A map of the rows, fitted into [−1, 1]² (centred, aspect kept).</summary>
    public static MapLayout Project(float[] rows, int dimension, int seed, MapOptions? options = null)
    {
        options ??= MapOptions.Default;
        options.Validate();
        var count = Validate(rows, dimension, nameof(rows), minimum: 2);
        var unit = Normalised(rows, dimension);
        var graph = NeighbourGraph.Build(unit, count, dimension, options.Neighbours, seed);
        var positions = PrincipalPlane.Project(unit, count, dimension, seed);
        FitInto(positions, Scale);
        for (var i = 0; i < count; i++)
        {
            // A little seeded jitter, so that duplicate rows can separate.
            var random = new MapRandom(seed, 2, i);
            positions[2 * i] += (random.NextFloat() - 0.5f) * 1e-3f * Scale;
            positions[(2 * i) + 1] += (random.NextFloat() - 0.5f) * 1e-3f * Scale;
        }

        var epochs = options.EpochsFor(count);
        var memberships = FuzzyGraph.Memberships(graph.Distances, count, graph.K);
        var fuzzy = FuzzyGraph.Build(graph.Indices, memberships, count, graph.K, dropBelow: 1f / epochs);
        LayoutOptimiser.Optimise(positions, fuzzy, 0, count, epochs, options.MinDistance, options.NegativeSamples, 1f, seed);
        FitInto(positions, 1f);
        return new MapLayout(positions);
    }

    /// <summary>
    /// The map with newRows added after the existing rows: each new row starts at the membership-weighted mean of its
    /// nearest existing rows and is refined for <see cref="MapOptions.RefineEpochs"/> epochs while every existing row
    /// keeps its coordinates exactly. The nearest rows are found exhaustively (new × existing distances), which suits
    /// the batches that arrive between full projections; beyond 300 million comparisons a k-NN graph over old and new rows
    /// together (trees + NN-descent, as for a projection) proposes each new row's candidates — the old rows among its
    /// neighbours and its neighbours' neighbours — whose distances are then computed exactly (a row with too few old
    /// candidates, as in a batch that forms a new topic of its own, is searched exhaustively).
    /// </summary>
    public static MapLayout Place(MapLayout layout, float[] rows, float[] newRows, int dimension, int seed, MapOptions? options = null) =>
        Place(layout, rows, newRows, dimension, seed, options, ExactPlacementPairs);

    /// <summary>
    /// Up to this many new × existing comparisons the nearest existing rows of new ones are found exhaustively: on 2
    /// cores, 1,000 rows onto 100,000 (10⁸ comparisons) took 6.7 s that way, and 49 s through a graph of 45 neighbours
    /// over all 101,000 rows — a graph's cost grows with all the rows, the exhaustive search's with the batch.
    /// </summary>
    internal const long ExactPlacementPairs = 300_000_000;

    internal static MapLayout Place(MapLayout layout, float[] rows, float[] newRows, int dimension, int seed, MapOptions? options, long exactPairs)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options ??= MapOptions.Default;
        options.Validate();
        var count = Validate(rows, dimension, nameof(rows), minimum: 1);
        var added = Validate(newRows, dimension, nameof(newRows), minimum: 0);
        if (layout.Count != count)
        {
            throw new ArgumentException($"The layout has {layout.Count} rows but rows has {count}.", nameof(layout));
        }

        var positions = new float[2 * (count + added)];
        Array.Copy(layout.Coordinates, positions, 2 * count);
        if (added == 0)
        {
            return new MapLayout(positions);
        }

        var existing = Normalised(rows, dimension);
        var arriving = Normalised(newRows, dimension);
        var k = Math.Min(options.Neighbours, count);
        var neighbours = new int[added * k];
        var distances = new float[added * k];
        if ((long)added * count <= exactPairs)
        {
            NeighbourGraph.ForChunks(added, (start, end) =>
            {
                for (var t = start; t < end; t++)
                {
                    Nearest(NeighbourGraph.Row(arriving, dimension, t), existing, dimension, count, neighbours.AsSpan(t * k, k), distances.AsSpan(t * k, k));
                }
            });
        }
        else
        {
            NearestByGraph(existing, arriving, dimension, count, added, k, seed, neighbours, distances);
        }

        var memberships = FuzzyGraph.Memberships(distances, added, k);
        var offsets = new int[count + added + 1];
        for (var t = 0; t < added; t++)
        {
            offsets[count + t + 1] = offsets[count + t] + k;
            double x = 0, y = 0, total = 0;
            for (var s = t * k; s < (t + 1) * k; s++)
            {
                var w = memberships[s];
                x += w * layout.Coordinates[2 * neighbours[s]];
                y += w * layout.Coordinates[(2 * neighbours[s]) + 1];
                total += w;
            }

            var random = new MapRandom(seed, 3, t);
            positions[2 * (count + t)] = (float)(x / total) + ((random.NextFloat() - 0.5f) * 1e-4f);
            positions[(2 * (count + t)) + 1] = (float)(y / total) + ((random.NextFloat() - 0.5f) * 1e-4f);
        }

        var working = new float[positions.Length];
        TensorPrimitives.Multiply(positions, Scale, working);
        var graph = FuzzyGraph.FromHalfEdges(offsets, neighbours, memberships);
        LayoutOptimiser.Optimise(working, graph, count, count, options.RefineEpochs, options.MinDistance, options.NegativeSamples, 0.25f, seed);
        for (var c = 2 * count; c < positions.Length; c++)
        {
            positions[c] = Math.Clamp(working[c] / Scale, -1f, 1f);
        }

        return new MapLayout(positions);
    }

    /// <summary>Checks rows (length a multiple of dimension, at least minimum rows, all finite) and returns the row count.</summary>
    internal static int Validate(float[] rows, int dimension, string name, int minimum)
    {
        ArgumentNullException.ThrowIfNull(rows, name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (rows.Length % dimension != 0)
        {
            throw new ArgumentException($"{name} has {rows.Length} values, not a multiple of the dimension {dimension}.", name);
        }

        var count = rows.Length / dimension;
        if (count < minimum)
        {
            throw new ArgumentException($"{name} needs at least {minimum} rows for a map (has {count}).", name);
        }

        var bad = Array.FindIndex(rows, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"{name} row {bad / dimension} holds a value that is not a finite number ({rows[bad]}).", name);
        }

        return count;
    }

    internal static float[] Normalised(float[] rows, int dimension)
    {
        var unit = new float[rows.Length];
        for (var i = 0; i < rows.Length / dimension; i++)
        {
            var row = new ReadOnlySpan<float>(rows, i * dimension, dimension);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(row, norm, unit.AsSpan(i * dimension, dimension));
            }
        }

        return unit;
    }

    /// <summary>The k nearest of the first count rows to query, sorted (ties by index).</summary>
    private static void NearestByGraph(float[] existing, float[] arriving, int dimension, int count, int added, int k, int seed, int[] neighbours, float[] distances)
    {
        var all = new float[(long)(count + added) * dimension];
        existing.CopyTo(all, 0);
        arriving.CopyTo(all, count * dimension);
        var graph = NeighbourGraph.Build(all, count + added, dimension, Math.Min(k, count + added - 1), seed, forceApproximate: true);
        NeighbourGraph.ForChunks(added, (start, end) =>
        {
            var seen = new HashSet<int>();
            var candidates = new List<int>();
            for (var t = start; t < end; t++)
            {
                seen.Clear();
                candidates.Clear();
                var row = count + t;
                for (var a = 0; a < graph.K; a++)
                {
                    var near = graph.Indices[(row * graph.K) + a];
                    if (near < 0)
                    {
                        continue;
                    }

                    if (near < count && seen.Add(near))
                    {
                        candidates.Add(near);
                    }

                    for (var b = 0; b < graph.K; b++)
                    {
                        var further = graph.Indices[(near * graph.K) + b];
                        if (further >= 0 && further < count && seen.Add(further))
                        {
                            candidates.Add(further);
                        }
                    }
                }

                var query = NeighbourGraph.Row(arriving, dimension, t);
                if (candidates.Count < k)
                {
                    Nearest(query, existing, dimension, count, neighbours.AsSpan(t * k, k), distances.AsSpan(t * k, k));
                }
                else
                {
                    // In row order, as the exhaustive search visits them, so ties break the same way.
                    candidates.Sort();
                    NearestAmong(query, existing, dimension, candidates, neighbours.AsSpan(t * k, k), distances.AsSpan(t * k, k));
                }
            }
        });
    }

    private static void Nearest(ReadOnlySpan<float> query, float[] rows, int dimension, int count, Span<int> neighbours, Span<float> distances) =>
        NearestAmong(query, rows, dimension, Enumerable.Range(0, count), neighbours, distances);

    private static void NearestAmong(ReadOnlySpan<float> query, float[] rows, int dimension, IEnumerable<int> candidates, Span<int> neighbours, Span<float> distances)
    {
        var k = neighbours.Length;
        neighbours.Fill(-1);
        distances.Fill(float.PositiveInfinity);
        foreach (var j in candidates)
        {
            var d = NeighbourGraph.Distance(query, NeighbourGraph.Row(rows, dimension, j));
            if (d >= distances[k - 1])
            {
                continue;
            }

            var p = k - 1;
            while (p > 0 && distances[p - 1] > d)
            {
                distances[p] = distances[p - 1];
                neighbours[p] = neighbours[p - 1];
                p--;
            }

            distances[p] = d;
            neighbours[p] = j;
        }
    }

    /// <summary>Centres the points' bounding box on the origin and scales its larger half-side to half.</summary>
    private static void FitInto(float[] positions, float half)
    {
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        for (var i = 0; i < positions.Length; i += 2)
        {
            minX = Math.Min(minX, positions[i]);
            maxX = Math.Max(maxX, positions[i]);
            minY = Math.Min(minY, positions[i + 1]);
            maxY = Math.Max(maxY, positions[i + 1]);
        }

        var centreX = (minX + maxX) / 2;
        var centreY = (minY + maxY) / 2;
        var extent = Math.Max(maxX - minX, maxY - minY) / 2;
        var factor = extent > 0 ? half / extent : 0f;
        for (var i = 0; i < positions.Length; i += 2)
        {
            // Rounding can land a hair outside the bounds: clamp, so [−half, half] holds exactly.
            positions[i] = Math.Clamp((positions[i] - centreX) * factor, -half, half);
            positions[i + 1] = Math.Clamp((positions[i + 1] - centreY) * factor, -half, half);
        }
    }
}
