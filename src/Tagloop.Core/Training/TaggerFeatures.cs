using Tagloop.Core.Packages;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Training;

/// <summary>
/// The token features of a span-tagging project's tagger (<see cref="TaggerFeatureSet"/>). With the GloVe vectors in the
/// models folder (<c>tagloop models pull glove-100d</c>) the tagger reads, beside the word features, each token's GloVe
/// vector and its word clusters at three granularities — the features that lift CoNLL-2003 test entity F1 from 0.837 to
/// 0.881 (docs/benchmarks/spans.md); without them, the word features and a gazetteer of the labelled entities (which
/// adds about 0.01 there, and nothing beside the vectors). The clusters are built from the vectors once
/// (about 15 s) and kept beside them (<see cref="ClustersFileName"/>). The vectors are memory-mapped and stay open for the
/// life of this object. Thread-safe.
/// </summary>
public sealed class TaggerFeatures : IDisposable
{
    /// <summary>The cached word clusters, beside the vectors.</summary>
    public const string ClustersFileName = "glove-100d.clusters";

    /// <summary>How many of the vectors' most frequent words are clustered.</summary>
    public const int ClusterWords = 100_000;

    /// <summary>The σ² of the weights' prior with vectors and clusters (the best on CoNLL-2003 dev; words alone keep <see cref="CrfOptions"/>' 10).</summary>
    public const double DenseVariance = 5.0;

    /// <summary>The numbers of clusters, one granularity each (capped at half the words for small vector files).</summary>
    public static IReadOnlyList<int> ClusterSizes { get; } = [64, 256, 1024];

    private const int ClusterSeed = 7;

    private readonly string? directory;
    private readonly Lock gate = new();
    private TaggerFeatureSet? withVectors;
    private WordVectors? vectors;

    /// <param name="modelsDirectory">The data folder's <c>models</c> folder, where <c>tagloop models pull</c> puts the vectors (null: words only).</param>
    public TaggerFeatures(string? modelsDirectory) => directory = modelsDirectory;

    /// <summary>
    /// The features for the next fit: GloVe vectors and clusters when the vectors file is there (looked for again on
    /// each call until it is: pulling the vectors while the server runs upgrades the next full refit), else words only.
    /// A damaged vectors file also means words only.
    /// </summary>
    public TaggerFeatureSet Current(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (withVectors is not null)
            {
                return withVectors;
            }

            var path = directory is null ? null : Path.Combine(directory, GloveVectors.FileName);
            if (path is null || !File.Exists(path))
            {
                return TaggerFeatureSet.Words;
            }

            WordVectors? opened = null;
            try
            {
                opened = WordVectors.Open(path);
                var clusters = LoadOrBuildClusters(opened, path, cancellationToken);
                // Without the gazetteer: beside the vectors and clusters it did not help on CoNLL-2003 (docs/benchmarks/spans.md).
                withVectors = new TaggerFeatureSet(new TokenFeatureOptions(Vectors: new WordVectorTokens(opened), Clusters: clusters), DenseVariance, GloveVectors.ModelName)
                {
                    Gazetteer = false,
                };
                vectors = opened;
                opened = null;
                return withVectors;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                return TaggerFeatureSet.Words;
            }
            finally
            {
                opened?.Dispose();
            }
        }
    }

    /// <summary>The clusters saved beside the vectors when they are newer than the vectors file, else built now and saved.</summary>
    private WordClusters LoadOrBuildClusters(WordVectors opened, string vectorsPath, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory!, ClustersFileName);
        if (File.Exists(path) && File.GetLastWriteTimeUtc(path) >= File.GetLastWriteTimeUtc(vectorsPath))
        {
            try
            {
                using var stream = File.OpenRead(path);
                return WordClusters.Load(stream);
            }
            catch (InvalidDataException)
            {
                // Damaged: built again below.
            }
        }

        var words = Math.Min(ClusterWords, opened.Rows);
        var sizes = ClusterSizes.Select(k => Math.Min(k, words / 2)).Where(k => k >= 2).Distinct().ToArray();
        if (sizes.Length == 0)
        {
            throw new InvalidDataException($"The word vectors hold {opened.Rows} words, too few to cluster.");
        }

        var clusters = WordClusters.Build(opened, words, sizes, ClusterSeed, cancellationToken: cancellationToken);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                clusters.Save(stream);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the clusters are built again next time.
        }
        finally
        {
            File.Delete(temporary);
        }

        return clusters;
    }

    public void Dispose()
    {
        lock (gate)
        {
            vectors?.Dispose();
            vectors = null;
        }
    }
}

/// <summary>The token features and prior of a span tagger (<see cref="TaggerFeatures"/>).</summary>
/// <param name="Features">The token features.</param>
/// <param name="Variance">σ² of the weights' Gaussian prior.</param>
/// <param name="VectorsName">The token vectors' name (e.g. "glove-100d", saved in the model file), or null without vectors.</param>
public sealed record TaggerFeatureSet(TokenFeatureOptions Features, double Variance, string? VectorsName)
{
    /// <summary>Whether the tagger also reads a gazetteer of the entity strings labelled so far (<see cref="SpanGazetteers"/>).</summary>
    public bool Gazetteer { get; init; } = true;

    /// <summary>Word features alone (word, lower case, shape, affixes, neighbours, bigrams).</summary>
    public static TaggerFeatureSet Words { get; } = new(new TokenFeatureOptions(), new CrfOptions().Variance, null);

    /// <summary>How the Model tab names them: "words", or "words, glove-100d vectors, word clusters".</summary>
    public string Name => (VectorsName is null ? "words" : $"words, {VectorsName} vectors" + (Features.Clusters is null ? "" : ", word clusters"))
        + (Gazetteer ? ", labelled entities" : "");

    /// <summary>The trainer's options for these features and entity types, with <paramref name="gazetteer"/> when the tagger reads one.</summary>
    public CrfOptions Options(IReadOnlyList<string> entityTypes, Learning.Spans.Gazetteer? gazetteer = null) =>
        new(Variance: Variance, Features: Gazetteer && gazetteer is not null ? Features with { Gazetteer = gazetteer } : Features, EntityTypes: entityTypes);
}
