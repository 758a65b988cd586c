using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>
/// Each row's k nearest other rows by cosine distance (rows are unit length, so distance = 1 − dot), sorted nearest
/// first, in <see cref="Indices"/> and <see cref="Distances"/> (row i's list at i·k). Exact below
/// <see cref="ExactLimit"/> rows; above, approximate: random-projection trees give first candidates, then
/// neighbour-of-neighbour rounds (NN-descent) improve them. Every round reads the previous round's lists and writes
/// only the row it works on, and ties break by row index, so the graph does not depend on thread scheduling.
/// </summary>
internal sealed class NeighbourGraph
{
    public const int ExactLimit = 4_000;
    private const int Chunk = 256;

    private NeighbourGraph(int count, int k, int[] indices, float[] distances)
    {
        Count = count;
        K = k;
        Indices = indices;
        Distances = distances;
    }

    public int Count { get; }

    public int K { get; }

    public int[] Indices { get; }

    public float[] Distances { get; }

    public static NeighbourGraph Build(float[] rows, int count, int dimension, int k, int seed, bool forceApproximate = false)
    {
        k = Math.Min(k, count - 1);
        var graph = new NeighbourGraph(count, k, new int[count * k], new float[count * k]);
        graph.Indices.AsSpan().Fill(-1);
        graph.Distances.AsSpan().Fill(float.PositiveInfinity);
        if (count <= ExactLimit && !forceApproximate)
        {
            ForChunks(count, (start, end) =>
            {
                for (var i = start; i < end; i++)
                {
                    var row = Row(rows, dimension, i);
                    for (var j = 0; j < count; j++)
                    {
                        if (j != i)
                        {
                            graph.Offer(i, j, Distance(row, Row(rows, dimension, j)), null);
                        }
                    }
                }
            });
            return graph;
        }

        var fresh = new bool[count * k];
        graph.SeedFromForest(rows, dimension, seed, fresh);
        graph.Descend(rows, dimension, fresh);
        return graph;
    }

    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Math.Max(0f, 1f - TensorPrimitives.Dot(a, b));

    public static ReadOnlySpan<float> Row(float[] rows, int dimension, int i) => new(rows, i * dimension, dimension);

    /// <summary>Runs body over fixed chunks of [0, count) in parallel; each chunk's work is the same whatever the threads.</summary>
    public static void ForChunks(int count, Action<int, int> body)
    {
        var chunks = (count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c => body(c * Chunk, Math.Min(count, (c + 1) * Chunk)));
    }

    /// <summary>Inserts j into row i's sorted list if it is closer than the last (ties by index); false if not kept.</summary>
    private bool Offer(int i, int j, float distance, bool[]? fresh)
    {
        var start = i * K;
        var last = start + K - 1;
        if (distance > Distances[last] || (distance == Distances[last] && j >= Indices[last]))
        {
            return false;
        }

        for (var s = start; s <= last; s++)
        {
            if (Indices[s] == j)
            {
                return false;
            }
        }

        var position = last;
        while (position > start && (Distances[position - 1] > distance || (Distances[position - 1] == distance && Indices[position - 1] > j)))
        {
            Indices[position] = Indices[position - 1];
            Distances[position] = Distances[position - 1];
            if (fresh is not null)
            {
                fresh[position] = fresh[position - 1];
            }

            position--;
        }

        Indices[position] = j;
        Distances[position] = distance;
        if (fresh is not null)
        {
            fresh[position] = true;
        }

        return true;
    }

    private void SeedFromForest(float[] rows, int dimension, int seed, bool[] fresh)
    {
        var trees = Math.Clamp(4 + (int)Math.Round(Math.Log2(Count) / 4), 5, 10);
        var leafSize = Math.Max(K + 1, 24);
        var leafOf = new int[trees][];
        var order = new int[trees][];
        var leafStart = new List<int>[trees];
        Parallel.For(0, trees, t =>
        {
            var permutation = new int[Count];
            for (var i = 0; i < Count; i++)
            {
                permutation[i] = i;
            }

            var starts = new List<int>();
            var random = new MapRandom(seed, 100 + t);
            var stack = new Stack<(int Start, int End)>();
            stack.Push((0, Count));
            var normal = new float[dimension];
            while (stack.Count > 0)
            {
                var (start, end) = stack.Pop();
                if (end - start <= leafSize)
                {
                    starts.Add(start);
                    continue;
                }

                var middle = Split(rows, dimension, permutation, start, end, normal, ref random);
                stack.Push((middle, end));
                stack.Push((start, middle));
            }

            starts.Sort();
            starts.Add(Count);
            var leaves = new int[Count];
            for (var leaf = 0; leaf + 1 < starts.Count; leaf++)
            {
                for (var p = starts[leaf]; p < starts[leaf + 1]; p++)
                {
                    leaves[permutation[p]] = leaf;
                }
            }

            leafOf[t] = leaves;
            order[t] = permutation;
            leafStart[t] = starts;
        });

        ForChunks(Count, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var row = Row(rows, dimension, i);
                for (var t = 0; t < trees; t++)
                {
                    var leaf = leafOf[t][i];
                    for (var p = leafStart[t][leaf]; p < leafStart[t][leaf + 1]; p++)
                    {
                        var j = order[t][p];
                        if (j != i)
                        {
                            Offer(i, j, Distance(row, Row(rows, dimension, j)), fresh);
                        }
                    }
                }
            }
        });
    }

    /// <summary>Splits permutation[start..end) by the hyperplane between two random rows of it; returns the split point.</summary>
    private static int Split(float[] rows, int dimension, int[] permutation, int start, int end, float[] normal, ref MapRandom random)
    {
        var size = end - start;
        var a = permutation[start + random.Next(size)];
        var b = permutation[start + random.Next(size)];
        TensorPrimitives.Subtract(Row(rows, dimension, a), Row(rows, dimension, b), normal);
        var left = start;
        var right = end - 1;
        while (left <= right)
        {
            var margin = TensorPrimitives.Dot(Row(rows, dimension, permutation[left]), normal);
            var goesLeft = margin < 0f || (margin == 0f && random.Next(2) == 0);
            if (goesLeft)
            {
                left++;
            }
            else
            {
                (permutation[left], permutation[right]) = (permutation[right], permutation[left]);
                right--;
            }
        }

        if (left == start || left == end)
        {
            // Degenerate plane (duplicates, or a and b alike): split at random instead.
            for (var p = end - 1; p > start; p--)
            {
                var q = start + random.Next(p - start + 1);
                (permutation[p], permutation[q]) = (permutation[q], permutation[p]);
            }

            left = start + (size / 2);
        }

        return left;
    }

    private void Descend(float[] rows, int dimension, bool[] fresh)
    {
        var reverse = new int[Count * K];
        var reverseFresh = new bool[Count * K];
        var reverseCount = new int[Count];
        using var marks = new ThreadLocal<int[]>(() => new int[Count]);
        for (var round = 0; round < 12; round++)
        {
            var previous = (int[])Indices.Clone();
            var previousFresh = (bool[])fresh.Clone();
            Array.Clear(fresh);
            Array.Clear(reverseCount);
            for (var i = 0; i < Count; i++)
            {
                for (var s = i * K; s < (i + 1) * K; s++)
                {
                    var j = previous[s];
                    if (j >= 0 && reverseCount[j] < K)
                    {
                        var slot = (j * K) + reverseCount[j]++;
                        reverse[slot] = i;
                        reverseFresh[slot] = previousFresh[s];
                    }
                }
            }

            var updates = new int[(Count + Chunk - 1) / Chunk];
            ForChunks(Count, (start, end) =>
            {
                var seen = new Marks(marks.Value!, 0);
                var changed = 0;
                for (var i = start; i < end; i++)
                {
                    // A mark unique to (round, row): whatever a thread's buffer held before reads as unseen.
                    seen = new Marks(seen.Buffer, (round * Count) + i + 1);
                    for (var s = i * K; s < (i + 1) * K; s++)
                    {
                        seen.TryAdd(previous[s]);
                    }

                    seen.TryAdd(i);
                    var row = Row(rows, dimension, i);
                    for (var side = 0; side < 2; side++)
                    {
                        var via = side == 0 ? previous : reverse;
                        var viaFresh = side == 0 ? previousFresh : reverseFresh;
                        var viaCount = side == 0 ? K : reverseCount[i];
                        for (var s = 0; s < viaCount; s++)
                        {
                            var j = via[(i * K) + s];
                            if (j < 0)
                            {
                                continue;
                            }

                            var edgeFresh = viaFresh[(i * K) + s];
                            changed += Consider(i, row, j, edgeFresh, previous, previousFresh, K, rows, dimension, seen, fresh);
                            changed += Consider(i, row, j, edgeFresh, reverse, reverseFresh, reverseCount[j], rows, dimension, seen, fresh);
                        }
                    }
                }

                updates[start / Chunk] = changed;
            });

            if (updates.Sum() <= 0.001 * Count * K)
            {
                break;
            }
        }
    }

    /// <summary>Offers row i the neighbours (or reverse neighbours) of j, when the i–j or j–c link is new.</summary>
    private int Consider(int i, ReadOnlySpan<float> row, int j, bool edgeFresh, int[] lists, bool[] listsFresh, int length, float[] rows, int dimension,
        Marks seen, bool[] fresh)
    {
        var changed = 0;
        for (var s = j * K; s < (j * K) + length; s++)
        {
            var c = lists[s];
            if (c < 0 || (!edgeFresh && !listsFresh[s]) || !seen.TryAdd(c))
            {
                continue;
            }

            if (Offer(i, c, Distance(row, Row(rows, dimension, c)), fresh))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The rows already looked at for one row in one round: buffer cells equal to the mark.</summary>
    private readonly record struct Marks(int[] Buffer, int Mark)
    {
        public bool TryAdd(int row)
        {
            if (row < 0 || Buffer[row] == Mark)
            {
                return false;
            }

            Buffer[row] = Mark;
            return true;
        }
    }
}
