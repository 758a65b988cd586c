using System.Globalization;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Explore;

namespace Tagloop.Bench;

/// <summary>
/// <c>bench -- explore-k</c>: the raw material for choosing k automatically. For each data set and embedding, a seeded
/// sample of 2,000 rows is clustered at every k in 2…30 and one CSV line printed per k: the sample silhouette, the
/// silhouette of the same fit on a null reference (each coordinate permuted across the sample, which keeps the
/// marginals and destroys the groups), the cohesion (mean cosine to the centroid), and ARI and NMI with the gold labels.
/// Prints only.
/// </summary>
internal static class ExploreKStudy
{
    public static void Run(string datasets, string root, string wordVectors, int seed)
    {
        using var vectors = WordVectors.Open(wordVectors);
        Console.WriteLine("data,embedding,n,classes,k,silhouette,null_silhouette,cohesion,ari,nmi");
        foreach (var (name, files) in new[] { ("ag_news", new[] { "test.jsonl" }), ("trec", new[] { "train.jsonl", "test.jsonl" }), ("sms_spam", new[] { "all.jsonl" }), ("youtube_spam", new[] { "all.jsonl" }) })
        {
            var (texts, gold) = ExploreData.Labelled(datasets, name, files);
            var (sif, sifDimension) = ExploreData.Sif(vectors, texts);
            Curve(name, "glove-sif", sif, sifDimension, gold, seed);
            var (mini, _) = ExploreData.MiniLm(root, name, texts);
            Curve(name, "minilm", mini, 384, gold, seed);
        }

        foreach (var (name, groups, sub, spread) in new[] { ("blobs8", 8, 1, 0.0f), ("blobs12", 12, 1, 0.0f), ("blobs20", 20, 1, 0.0f), ("nested4x2", 4, 2, 0.6f), ("nested5x4", 5, 4, 0.6f) })
        {
            var (rows, gold) = Blobs(2000, groups, sub, spread, seed);
            Curve(name, "synthetic-384", rows, 384, gold, seed);
        }
    }

    /// <summary>Rows of 384-d unit-ish Gaussian blobs: groups × sub centres (sub-centres spread around their group's), noise 0.45 per coordinate.</summary>
    public static (float[] Rows, int[] Gold) Blobs(int count, int groups, int sub, float spread, int seed)
    {
        const int Dimension = 384;
        var random = new Random(seed);
        float Gaussian() => MathF.Sqrt(-2f * MathF.Log(1f - random.NextSingle())) * MathF.Cos(2f * MathF.PI * random.NextSingle());
        var centres = new float[groups * sub][];
        for (var g = 0; g < groups; g++)
        {
            var centre = Enumerable.Range(0, Dimension).Select(_ => Gaussian()).ToArray();
            for (var s = 0; s < sub; s++)
            {
                centres[(g * sub) + s] = [.. centre.Select(v => v + (spread * Gaussian()))];
            }
        }

        var rows = new float[count * Dimension];
        var gold = new int[count];
        for (var i = 0; i < count; i++)
        {
            gold[i] = i % centres.Length;
            for (var c = 0; c < Dimension; c++)
            {
                rows[(i * Dimension) + c] = centres[gold[i]][c] + (0.45f * Gaussian());
            }
        }

        return (rows, gold);
    }

    private static void Curve(string name, string embedding, float[] rows, int dimension, int[] gold, int seed)
    {
        var n = rows.Length / dimension;
        var size = Math.Min(n, EmbeddingClustering.SampleSize);
        var random = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var picked = order[..size];
        Array.Sort(picked);
        var sample = new float[size * dimension];
        var sampleGold = new int[size];
        for (var i = 0; i < size; i++)
        {
            rows.AsSpan(picked[i] * dimension, dimension).CopyTo(sample.AsSpan(i * dimension, dimension));
            sampleGold[i] = gold[picked[i]];
        }

        // The null reference: unit rows, each coordinate permuted across the sample.
        var unit = (float[])sample.Clone();
        for (var i = 0; i < size; i++)
        {
            var row = unit.AsSpan(i * dimension, dimension);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
            }
        }

        var reference = new float[unit.Length];
        var column = Enumerable.Range(0, size).ToArray();
        for (var c = 0; c < dimension; c++)
        {
            random.Shuffle(column);
            for (var i = 0; i < size; i++)
            {
                reference[(i * dimension) + c] = unit[(column[i] * dimension) + c];
            }
        }

        var classes = gold.Distinct().Count();
        for (var k = 2; k <= 30; k++)
        {
            var fit = EmbeddingClustering.Fit(sample, dimension, k, seed);
            var silhouette = EmbeddingClustering.Silhouette(sample, dimension, fit.Assignments);
            var nullFit = EmbeddingClustering.Fit(reference, dimension, k, seed);
            var nullSilhouette = EmbeddingClustering.Silhouette(reference, dimension, nullFit.Assignments);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name},{embedding},{n},{classes},{k},{silhouette:0.00000},{nullSilhouette:0.00000},{fit.Cohesion:0.00000},{ClusterAgreement.AdjustedRandIndex(sampleGold, fit.Assignments):0.0000},{ClusterAgreement.NormalizedMutualInformation(sampleGold, fit.Assignments):0.0000}"));
        }
    }
}
