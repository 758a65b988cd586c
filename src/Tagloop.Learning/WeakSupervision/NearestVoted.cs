using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Exact nearest voted document by cosine: for query documents and rules, the most similar document each rule votes
/// on (never the query itself). Every query is compared once with every document some rule votes on (the union of
/// the rules' supports, so documents several rules vote on cost one comparison), in blocks: a block of queries and a
/// tile of voted documents are copied normalised and zero-padded, and a 4 × 2 register-blocked kernel takes their dot
/// products; blocks of queries are spread over the cores, and each query's answer depends on nothing else, so the
/// output is the same however they are scheduled. Ties go to the lower document index.
/// <para>
/// When only similarities above a floor matter (extending at known radii), pairs whose <see cref="ProjectionBound"/>
/// falls below it are skipped and only the rest get their full dot product, when a sample shows that few pairs pass
/// (sentence embeddings: a few percent at the radii used). Every dot product, blocked or single, adds the same terms
/// in the same order, so a similarity is the same bit for bit whichever way it was taken.
/// </para>
/// </summary>
internal sealed partial class NearestVoted
{
    private const int QueryBlock = 2048;
    private const int ColumnTile = 64;

    // Skipping pairs pays while fewer than this share of them pass the bound (the bound costs a sixth of a dot product
    // at 384 dimensions, and a pair that passes costs about twice its share of the blocked kernel).
    private const double MostPassing = 0.2;

    // Below this many pairs the search takes well under a second, less than fitting the bound's basis.
    private const double DefaultFewestPairsToPrune = 5e7;

    private readonly DenseRows vectors;
    private readonly int dimension;
    private readonly int padded;
    private readonly int[] columns;
    private readonly int[] columnRuleStart;
    private readonly int[] columnRules;

    // The bound, and each column's coordinates and left-out length, made on the first search with a floor. The
    // coordinates are kept by groups of 8 columns, coordinate-major (group g's coordinate k of its column l at
    // (g * Dimensions + k) * 8 + l), so one query's bounds on 8 columns come from one vector multiply-add per coordinate.
    private ProjectionBound? bound;
    private float[] groupedCoordinates = [];
    private float[] columnResidual = [];
    private bool boundTried;
    private readonly double fewestPairsToPrune;

    /// <summary>Prepares the search over the documents the given rules vote on (a rule's position in <paramref name="rules"/> is its index in the output).</summary>
    public NearestVoted(DenseRows vectors, IReadOnlyList<RuleVotes> rules, double fewestPairsToPrune = DefaultFewestPairsToPrune)
    {
        this.fewestPairsToPrune = fewestPairsToPrune;
        this.vectors = vectors;
        dimension = vectors.Dimension;
        padded = (dimension + 7) & ~7;
        Rules = rules.Count;
        var count = new int[vectors.Rows + 1];
        foreach (var rule in rules)
        {
            foreach (var d in rule.Documents)
            {
                count[d + 1]++;
            }
        }

        var start = new int[vectors.Rows + 1];
        for (var d = 0; d < vectors.Rows; d++)
        {
            start[d + 1] = start[d] + count[d + 1];
        }

        var byDocument = new int[start[^1]];
        var next = (int[])start.Clone();
        for (var r = 0; r < rules.Count; r++)
        {
            foreach (var d in rules[r].Documents)
            {
                byDocument[next[d]++] = r;
            }
        }

        columns = [.. Enumerable.Range(0, vectors.Rows).Where(d => start[d + 1] > start[d])];
        columnRuleStart = new int[columns.Length + 1];
        columnRules = new int[byDocument.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var d = columns[c];
            columnRuleStart[c + 1] = columnRuleStart[c] + (start[d + 1] - start[d]);
            Array.Copy(byDocument, start[d], columnRules, columnRuleStart[c], start[d + 1] - start[d]);
        }
    }

    public int Rules { get; }

    /// <summary>How many documents some rule votes on.</summary>
    public int Columns => columns.Length;

    /// <summary>Whether the last search skipped pairs by the bound.</summary>
    public bool Pruned { get; private set; }

    /// <summary>
    /// For each query and rule, writes into <c>best[q * Rules + r]</c> the greatest cosine between query q and a
    /// document rule r votes on, and that document into <c>nearest</c>; similarities below <paramref name="floor"/>
    /// are not recorded (-∞ and -1 stay).
    /// </summary>
    public void Search(ReadOnlySpan<int> queries, float floor, float[] best, int[] nearest, ParallelOptions parallel)
    {
        Array.Fill(best, float.NegativeInfinity, 0, queries.Length * Rules);
        Array.Fill(nearest, -1, 0, queries.Length * Rules);
        var query = queries.ToArray();
        var prune = floor > -1 && (double)queries.Length * columns.Length >= fewestPairsToPrune && Prunes(floor);
        Pruned = prune;
        var blocks = (query.Length + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, parallel, block =>
        {
            var from = block * QueryBlock;
            var rows = Math.Min(QueryBlock, query.Length - from);
            var quads = (rows + 3) & ~3;
            var q = new float[quads * padded];
            var qc = prune ? new float[quads * ProjectionBound.Dimensions] : [];
            var qr = prune ? new float[quads] : [];
            for (var i = 0; i < rows; i++)
            {
                Pack(query[from + i], q.AsSpan(i * padded, padded));
                if (prune)
                {
                    qr[i] = bound!.Project(q.AsSpan(i * padded, padded), qc.AsSpan(i * ProjectionBound.Dimensions, ProjectionBound.Dimensions));
                }
            }

            var u = new float[ColumnTile * padded];
            var sims = new float[4 * ColumnTile];
            for (var c0 = 0; c0 < columns.Length; c0 += ColumnTile)
            {
                parallel.CancellationToken.ThrowIfCancellationRequested();
                var tile = Math.Min(ColumnTile, columns.Length - c0);
                var width = (tile + 1) & ~1;
                for (var j = 0; j < tile; j++)
                {
                    Pack(columns[c0 + j], u.AsSpan(j * padded, padded));
                }

                if (width > tile)
                {
                    u.AsSpan(tile * padded, padded).Clear();
                }

                for (var i0 = 0; i0 < rows; i0 += 4)
                {
                    var count = Math.Min(4, rows - i0);
                    if (prune)
                    {
                        Survivors(q, qc, qr, query, from, i0, count, u, c0, tile, floor, best, nearest);
                    }
                    else
                    {
                        Dots(q.AsSpan(i0 * padded, 4 * padded), u.AsSpan(0, width * padded), width, padded, sims);
                        Record(query, from + i0, count, c0, tile, width, sims, floor, best, nearest);
                    }
                }
            }
        });
    }

    private void RecordPair(int[] query, int at, int column, float s, float floor, float[] best, int[] nearest)
    {
        var document = columns[column];
        if (s < floor || query[at] == document)
        {
            return;
        }

        var row = at * Rules;
        for (var k = columnRuleStart[column]; k < columnRuleStart[column + 1]; k++)
        {
            var r = row + columnRules[k];
            if (s > best[r])
            {
                best[r] = s;
                nearest[r] = document;
            }
        }
    }

    private void Record(int[] query, int first, int count, int c0, int tile, int width, float[] sims, float floor, float[] best, int[] nearest)
    {
        for (var j = 0; j < tile; j++)
        {
            var document = columns[c0 + j];
            var rulesFrom = columnRuleStart[c0 + j];
            var rulesTo = columnRuleStart[c0 + j + 1];
            for (var i = 0; i < count; i++)
            {
                var s = sims[(i * width) + j];
                if (s < floor || query[first + i] == document)
                {
                    continue;
                }

                var row = (first + i) * Rules;
                for (var k = rulesFrom; k < rulesTo; k++)
                {
                    var at = row + columnRules[k];
                    if (s > best[at])
                    {
                        best[at] = s;
                        nearest[at] = document;
                    }
                }
            }
        }
    }

    /// <summary>Copies a document's vector divided by its norm (zero stays zero), zero-padded.</summary>
    private void Pack(int document, Span<float> destination)
    {
        vectors.CopyRow(document, destination);
        destination[dimension..].Clear();
        var norm = TensorPrimitives.Norm(destination[..dimension]);
        if (norm > 0)
        {
            TensorPrimitives.Divide(destination, norm, destination);
        }
    }

    /// <summary>sims[i * width + j] = q_i · u_j for 4 query rows and <paramref name="width"/> (even) column rows, each <paramref name="p"/> long (a multiple of 8).</summary>
    private static void Dots(ReadOnlySpan<float> q, ReadOnlySpan<float> u, int width, int p, float[] sims)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var i = 0; i < 4; i++)
            {
                for (var j = 0; j < width; j++)
                {
                    sims[(i * width) + j] = TensorPrimitives.Dot(q.Slice(i * p, p), u.Slice(j * p, p));
                }
            }

            return;
        }

        ref var qr = ref MemoryMarshal.GetReference(q);
        for (var j = 0; j < width; j += 2)
        {
            ref var ur = ref Unsafe.Add(ref MemoryMarshal.GetReference(u), j * p);
            Kernel(ref qr, ref ur, p, out var s);
            sims[j] = s.S00;
            sims[j + 1] = s.S01;
            sims[width + j] = s.S10;
            sims[width + j + 1] = s.S11;
            sims[(2 * width) + j] = s.S20;
            sims[(2 * width) + j + 1] = s.S21;
            sims[(3 * width) + j] = s.S30;
            sims[(3 * width) + j + 1] = s.S31;
        }
    }

    /// <summary>One dot product, its terms added exactly as <see cref="Kernel"/> adds them (so that either gives the same float).</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return TensorPrimitives.Dot(a, b);
        }

        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        var sum = Vector256<float>.Zero;
        for (nuint k = 0; k < (nuint)a.Length; k += 8)
        {
            sum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ar, k), Vector256.LoadUnsafe(ref br, k), sum);
        }

        return Vector256.Sum(sum);
    }

    /// <summary>The 8 dot products of 4 rows at <paramref name="q"/> with 2 rows at <paramref name="u"/>, each <paramref name="p"/> long (a multiple of 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(ref float q, ref float u, int p, out Dots8 s)
    {
        var a00 = Vector256<float>.Zero;
        var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero;
        var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero;
        var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero;
        var a31 = Vector256<float>.Zero;
        var stride = (nuint)p;
        for (nuint k = 0; k < stride; k += 8)
        {
            var u0 = Vector256.LoadUnsafe(ref u, k);
            var u1 = Vector256.LoadUnsafe(ref u, k + stride);
            var x = Vector256.LoadUnsafe(ref q, k);
            a00 = Vector256.MultiplyAddEstimate(x, u0, a00);
            a01 = Vector256.MultiplyAddEstimate(x, u1, a01);
            x = Vector256.LoadUnsafe(ref q, k + stride);
            a10 = Vector256.MultiplyAddEstimate(x, u0, a10);
            a11 = Vector256.MultiplyAddEstimate(x, u1, a11);
            x = Vector256.LoadUnsafe(ref q, k + (2 * stride));
            a20 = Vector256.MultiplyAddEstimate(x, u0, a20);
            a21 = Vector256.MultiplyAddEstimate(x, u1, a21);
            x = Vector256.LoadUnsafe(ref q, k + (3 * stride));
            a30 = Vector256.MultiplyAddEstimate(x, u0, a30);
            a31 = Vector256.MultiplyAddEstimate(x, u1, a31);
        }

        s = new Dots8(
            Vector256.Sum(a00), Vector256.Sum(a01), Vector256.Sum(a10), Vector256.Sum(a11),
            Vector256.Sum(a20), Vector256.Sum(a21), Vector256.Sum(a30), Vector256.Sum(a31));
    }

    private readonly record struct Dots8(float S00, float S01, float S10, float S11, float S20, float S21, float S30, float S31);
}
