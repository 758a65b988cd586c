using System.Diagnostics;
using System.Globalization;
using Tagloop.Learning.Explore;

namespace Tagloop.Bench;

/// <summary>
/// Times the Explore map's projection on synthetic clustered 384-d rows (like MiniLM embeddings: 20 topics of 5
/// subtopics each, Gaussian noise, unit length) and prints seconds, the neighbourhood preservation (k = 10, 1,000
/// sampled rows) and the share of rows whose nearest map neighbour shares their subtopic; then places 1% more rows.
/// </summary>
internal static class ExploreMapBench
{
    private const int Dimension = 384;

    /// <summary>Prints the figures and returns them as rows of the page's table (docs/benchmarks/explore.md).</summary>
    public static List<string> Run(IReadOnlyList<int> sizes, int seed)
    {
        var table = new List<string>();
        Console.WriteLine($"Explore map on {Environment.ProcessorCount} cores, {Dimension}-d synthetic rows, seed {seed}");
        foreach (var size in sizes)
        {
            var (rows, subtopic) = Synthetic(size + (size / 100), seed);
            var corpus = rows[..(size * Dimension)];
            var arriving = rows[(size * Dimension)..];
            var watch = Stopwatch.StartNew();
            var layout = MapProjection.Project(corpus, Dimension, seed);
            var projection = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var placed = MapProjection.Place(layout, corpus, arriving, Dimension, seed);
            var placement = watch.Elapsed.TotalSeconds;
            var preservation = MapQuality.NeighbourhoodPreservation(corpus, Dimension, layout, k: 10, sampleSize: 1000, seed: seed);
            var sameSubtopic = SameGroupShare(layout, subtopic, size, 0, Math.Min(size, 1000), seed);
            var placedSame = SameGroupShare(placed, subtopic, size, size, size / 100, seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,8:N0} rows: projection {projection,6:F1} s, preservation@10 {preservation:F3}, nearest map neighbour in the same subtopic {sameSubtopic:P1}; " +
                $"{size / 100:N0} rows placed in {placement:F2} s, {placedSame:P1} beside their subtopic"));
            table.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | **{projection:F1} s** | {LoadAverage()} | {preservation:F3} | {sameSubtopic:P1} | {size / 100:N0} in {placement:F2} s | {placedSame:P1} |"));
        }

        return table;
    }

    /// <summary>The 1-minute load average (Linux): the machine may be shared.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>Share of the sampled rows (from first, count of them) whose nearest map neighbour among [0, among) has their group.</summary>
    private static double SameGroupShare(MapLayout layout, int[] group, int among, int first, int count, int seed)
    {
        var random = new Random(seed);
        var hits = 0;
        for (var s = 0; s < count; s++)
        {
            var i = first == 0 ? random.Next(among) : first + s;
            var best = -1;
            var bestDistance = float.MaxValue;
            for (var j = 0; j < among; j++)
            {
                var dx = layout.X(i) - layout.X(j);
                var dy = layout.Y(i) - layout.Y(j);
                var d = (dx * dx) + (dy * dy);
                if (j != i && d < bestDistance)
                {
                    (best, bestDistance) = (j, d);
                }
            }

            hits += group[best] == group[i] ? 1 : 0;
        }

        return hits / (double)Math.Max(1, count);
    }

    private static (float[] Rows, int[] Subtopic) Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        float Gaussian() => MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
        const int Topics = 20, Subtopics = 5;
        var centres = new float[Topics * Subtopics][];
        for (var t = 0; t < Topics; t++)
        {
            var topic = Enumerable.Range(0, Dimension).Select(_ => Gaussian()).ToArray();
            for (var s = 0; s < Subtopics; s++)
            {
                centres[(t * Subtopics) + s] = [.. topic.Select(v => v + (0.6f * Gaussian()))];
            }
        }

        var rows = new float[count * Dimension];
        var subtopic = new int[count];
        for (var i = 0; i < count; i++)
        {
            subtopic[i] = random.Next(centres.Length);
            for (var c = 0; c < Dimension; c++)
            {
                rows[(i * Dimension) + c] = centres[subtopic[i]][c] + (0.45f * Gaussian());
            }
        }

        return (rows, subtopic);
    }
}
