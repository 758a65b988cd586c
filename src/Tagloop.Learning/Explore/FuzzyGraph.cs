namespace Tagloop.Learning.Explore;

/// <summary>
/// Weighted, symmetric neighbour graph in the manner of UMAP: each row's distances to its k neighbours become
/// memberships exp(−(d − ρ)/σ), with ρ the distance to its nearest neighbour and σ set so that they sum to log₂ k;
/// an edge seen from both ends keeps a + b − a·b. Stored per row (both directions) as half-edges:
/// row i's are <see cref="Targets"/> and <see cref="Weights"/> from <see cref="Offsets"/>[i] to [i + 1].
/// </summary>
internal sealed class FuzzyGraph
{
    private FuzzyGraph(int[] offsets, int[] targets, float[] weights)
    {
        Offsets = offsets;
        Targets = targets;
        Weights = weights;
    }

    public int[] Offsets { get; }

    public int[] Targets { get; }

    public float[] Weights { get; }

    /// <summary>Memberships of each row's k listed neighbours (row i's at i·k), from their sorted distances.</summary>
    public static float[] Memberships(float[] distances, int count, int k)
    {
        var weights = new float[count * k];
        var target = k >= 2 ? Math.Log2(k) : 1.0;
        NeighbourGraph.ForChunks(count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var row = distances.AsSpan(i * k, k);
                double rho = 0, mean = 0;
                foreach (var d in row)
                {
                    mean += d;
                    if (rho == 0 && d > 0)
                    {
                        rho = d;
                    }
                }

                mean /= k;
                double low = 0, high = double.PositiveInfinity, sigma = 1;
                for (var step = 0; step < 64; step++)
                {
                    double sum = 0;
                    foreach (var d in row)
                    {
                        sum += d > rho ? Math.Exp(-(d - rho) / sigma) : 1.0;
                    }

                    if (Math.Abs(sum - target) < 1e-5)
                    {
                        break;
                    }

                    if (sum > target)
                    {
                        high = sigma;
                        sigma = (low + high) / 2;
                    }
                    else
                    {
                        low = sigma;
                        sigma = double.IsPositiveInfinity(high) ? sigma * 2 : (low + high) / 2;
                    }
                }

                sigma = Math.Max(sigma, 1e-3 * Math.Max(mean, 1e-6));
                for (var s = 0; s < k; s++)
                {
                    weights[(i * k) + s] = row[s] > rho ? (float)Math.Exp(-(row[s] - rho) / sigma) : 1f;
                }
            }
        });
        return weights;
    }

    /// <summary>The symmetric graph of a k-nearest-neighbour list; half-edges lighter than maxWeight·dropBelow are left out.</summary>
    public static FuzzyGraph Build(int[] neighbours, float[] memberships, int count, int k, float dropBelow)
    {
        float WeightOf(int from, int to)
        {
            for (var s = from * k; s < (from + 1) * k; s++)
            {
                if (neighbours[s] == to)
                {
                    return memberships[s];
                }
            }

            return 0f;
        }

        var lists = new List<(int Target, float Weight)>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = new List<(int, float)>(k + 4);
        }

        for (var i = 0; i < count; i++)
        {
            for (var s = i * k; s < (i + 1) * k; s++)
            {
                var j = neighbours[s];
                if (j < 0 || j == i)
                {
                    continue;
                }

                var a = memberships[s];
                var b = WeightOf(j, i);
                lists[i].Add((j, a + b - (a * b)));
                if (b == 0f)
                {
                    lists[j].Add((i, a)); // j does not list i: the edge reaches j only this way
                }
            }
        }

        var max = 0f;
        foreach (var list in lists)
        {
            foreach (var (_, weight) in list)
            {
                max = Math.Max(max, weight);
            }
        }

        var floor = max * dropBelow;
        var offsets = new int[count + 1];
        var targets = new List<int>();
        var weights = new List<float>();
        for (var i = 0; i < count; i++)
        {
            foreach (var (target, weight) in lists[i])
            {
                if (weight > 0f && weight >= floor)
                {
                    targets.Add(target);
                    weights.Add(weight);
                }
            }

            offsets[i + 1] = targets.Count;
        }

        return new FuzzyGraph(offsets, [.. targets], [.. weights]);
    }

    /// <summary>A graph whose rows listed in order each hold the given half-edges (for rows placed beside a fixed map).</summary>
    public static FuzzyGraph FromHalfEdges(int[] offsets, int[] targets, float[] weights) => new(offsets, targets, weights);
}
