namespace Tagloop.Learning.Spans;

/// <summary>
/// Which features <see cref="TokenFeatures"/> extracts. Feature strings are hashed into 2^<paramref name="HashBits"/>
/// buckets; the groups can be switched off to measure what each is worth.
/// </summary>
/// <param name="HashBits">log2 of the number of buckets (10–28).</param>
/// <param name="Window">How many neighbours on each side contribute word, lower-case and shape features (0–4).</param>
/// <param name="Affixes">Prefixes and suffixes of 1–4 characters.</param>
/// <param name="Bigrams">The word pairs (previous, this) and (this, next).</param>
/// <param name="Gazetteer">Entity strings whose matches give "starts / inside / ends a match of TYPE" features.</param>
/// <param name="Vectors">Dense per-token vectors added as real-valued state features.</param>
/// <param name="Clusters">Word clusters: the cluster of the token and of its neighbours within <paramref name="ClusterWindow"/>, at every granularity.</param>
/// <param name="ClusterWindow">How many neighbours on each side contribute their clusters (0–4).</param>
/// <param name="DocumentCase">Non-local features from the sentence's <see cref="DocumentContext"/>: whether the word is also
/// written title-cased inside a sentence, or in lower case, elsewhere in its document (the sentence alone when no document is given).</param>
public sealed record TokenFeatureOptions(
    int HashBits = 20,
    int Window = 2,
    bool Affixes = true,
    bool Bigrams = true,
    Gazetteer? Gazetteer = null,
    ITokenVectors? Vectors = null,
    WordClusters? Clusters = null,
    int ClusterWindow = 1,
    bool DocumentCase = false)
{
    internal void Validate()
    {
        if (HashBits is < 10 or > 28)
        {
            throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, "HashBits must be between 10 and 28.");
        }

        if (Window is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Window must be between 0 and 4.");
        }

        if (ClusterWindow is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterWindow), ClusterWindow, "ClusterWindow must be between 0 and 4.");
        }
    }
}
