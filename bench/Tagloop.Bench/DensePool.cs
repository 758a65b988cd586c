using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;
using Tagloop.Pretrained;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Bench;

/// <summary>
/// The benchmark pools with the default encoder's sentence embeddings, without encoding a million texts: every
/// distinct text of the shared corpora is encoded with MiniLM once (cached under tagloop-data/bench), and a pool
/// document that joins two of them gets the normalised sum of their two unit vectors — the direction between them,
/// which is what mean pooling over the joined text approaches. The vectors go into the project's embedding store as
/// the server's background encoder would have left them.
/// </summary>
internal sealed class DensePool
{
    public const string Encoder = "minilm";

    private readonly float[] vectors;

    private DensePool(float[] vectors, int dimension, double encodeSeconds, int encoded)
    {
        this.vectors = vectors;
        Dimension = dimension;
        EncodeSeconds = encodeSeconds;
        Encoded = encoded;
    }

    public int Dimension { get; }

    /// <summary>Seconds spent encoding the distinct texts in this run (0 when read from the cache).</summary>
    public double EncodeSeconds { get; }

    public int Encoded { get; }

    public static DensePool Load(IReadOnlyList<string> sentences, string root)
    {
        var miniLm = MiniLmModel.Extract(MiniLmModel.FolderIn(Path.Combine(root, "tagloop-data")));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var sentence in sentences)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(sentence));
            hash.AppendData([0]);
        }

        var cache = Path.Combine(root, "tagloop-data", "bench", $"sentences-{Encoder}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}.f32");
        using var encoder = TextEncoderCatalog.OpenDense(Encoder, new TextEncoderResources(MiniLmCacheDirectory: miniLm));
        var dimension = encoder.Dimension;
        var vectors = new float[sentences.Count * dimension];
        if (File.Exists(cache) && new FileInfo(cache).Length == vectors.Length * sizeof(float))
        {
            using var stream = File.OpenRead(cache);
            stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
            return new DensePool(vectors, dimension, 0, 0);
        }

        Console.WriteLine($"Encoding {sentences.Count:N0} distinct texts with {Encoder} (cached afterwards in {cache})");
        var clock = Stopwatch.StartNew();
        const int Chunk = 256;
        for (var at = 0; at < sentences.Count; at += Chunk)
        {
            var count = Math.Min(Chunk, sentences.Count - at);
            encoder.Encode([.. sentences.Skip(at).Take(count)], vectors.AsSpan(at * dimension, count * dimension));
            if (at / Chunk % 20 == 0)
            {
                Console.WriteLine($"  {at + count:N0} of {sentences.Count:N0}, {(at + count) / clock.Elapsed.TotalSeconds:0} texts/s");
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        File.WriteAllBytes(cache + ".tmp", MemoryMarshal.AsBytes(vectors.AsSpan()).ToArray());
        File.Move(cache + ".tmp", cache, overwrite: true);
        return new DensePool(vectors, dimension, seconds, sentences.Count);
    }

    /// <summary>Writes the embeddings of the project's documents (pool texts made of <paramref name="parts"/>) into the folder's store.</summary>
    public async Task<double> WriteAsync(string folder, int projectId, IReadOnlyList<string> texts, IReadOnlyList<(int A, int B)> parts)
    {
        var clock = Stopwatch.StartNew();
        var indexOf = new Dictionary<string, int>(texts.Count, StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            indexOf[texts[i]] = i;
        }

        var store = new EmbeddingStore(Path.Combine(folder, "embeddings"));
        store.Delete(projectId, Encoder);
        await using var services = new ServiceCollection().AddTagloopSqlite(Path.Combine(folder, SqliteStorage.DatabaseFileName)).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        const int Chunk = 10_000;
        var rows = new float[Chunk * Dimension];
        long after = 0;
        while (true)
        {
            var documents = await db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId && d.Id > after).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.Text }).Take(Chunk).ToListAsync();
            if (documents.Count == 0)
            {
                break;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var (a, b) = parts[indexOf[documents[i].Text]];
                Compose(a, b, rows.AsSpan(i * Dimension, Dimension));
            }

            store.Append(projectId, Encoder, [.. documents.Select(d => d.Id)], rows.AsSpan(0, documents.Count * Dimension), Dimension);
            after = documents[^1].Id;
        }

        return clock.Elapsed.TotalSeconds;
    }

    private void Compose(int a, int b, Span<float> output)
    {
        var first = vectors.AsSpan(a * Dimension, Dimension);
        if (b < 0)
        {
            first.CopyTo(output);
            return;
        }

        var second = vectors.AsSpan(b * Dimension, Dimension);
        var norm = 0.0;
        for (var j = 0; j < Dimension; j++)
        {
            output[j] = first[j] + second[j];
            norm += output[j] * output[j];
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var j = 0; j < Dimension; j++)
        {
            output[j] *= scale;
        }
    }

    public string Describe() => EncodeSeconds > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Encoded:N0} distinct texts encoded with MiniLM in {EncodeSeconds:0} s ({Encoded / EncodeSeconds:0} texts/s, two threads)")
        : "the distinct texts' MiniLM vectors read from the benchmark's cache";
}
