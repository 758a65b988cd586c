namespace Tagloop.Learning.Spans;

/// <summary>
/// What <see cref="CrfTrainer"/> keeps between fits of one tagger: the numbering of the hashed features the data touches
/// (bucket → weight row, append-only, so a model's rows stay valid in every later fit) and each sentence's features in
/// that numbering, keyed by the sentence's tokens. A quick update then extracts only sentences it has not seen.
/// Shared by the models of one chain of updates; callers hold <see cref="Gate"/> while reading or growing it.
/// </summary>
internal sealed class CrfFeatureCache
{
    private readonly Dictionary<TokensKey, Entry> sentences = [];

    public CrfFeatureCache(TokenFeatureOptions options, IEnumerable<KeyValuePair<int, int>>? rows = null)
    {
        Options = options;
        Rows = rows is null ? [] : new Dictionary<int, int>(rows);
    }

    /// <summary>The feature options every cached sentence was extracted with.</summary>
    public TokenFeatureOptions Options { get; }

    /// <summary>Bucket → weight row; rows are numbered 0, 1, … in order of first appearance and never renumbered.</summary>
    public Dictionary<int, int> Rows { get; }

    public Lock Gate { get; } = new();

    public int Count => sentences.Count;

    public bool TryGet(IReadOnlyList<string> tokens, out Entry entry) => sentences.TryGetValue(new TokensKey(tokens), out entry!);

    /// <summary>Numbers the extracted features' buckets (new buckets get new rows) and keeps the sentence.</summary>
    public Entry Add(IReadOnlyList<string> tokens, SentenceFeatures features)
    {
        var key = new TokensKey(tokens);
        if (sentences.TryGetValue(key, out var known))
        {
            return known;
        }

        var ids = features.Ids;
        var mapped = new int[ids.Length];
        for (var j = 0; j < ids.Length; j++)
        {
            if (!Rows.TryGetValue(ids[j], out var row))
            {
                Rows[ids[j]] = row = Rows.Count;
            }

            mapped[j] = row;
        }

        var entry = new Entry(mapped, features.Starts, features.Dense);
        sentences[key] = entry;
        return entry;
    }

    /// <summary>A sentence's features: rows per token (<see cref="Rows"/> numbering), token starts, dense rows.</summary>
    internal sealed record Entry(int[] Ids, int[] Starts, float[] Dense);

    /// <summary>A token sequence compared by content.</summary>
    private readonly struct TokensKey : IEquatable<TokensKey>
    {
        private readonly string[] tokens;
        private readonly int hash;

        public TokensKey(IReadOnlyList<string> tokens)
        {
            this.tokens = [.. tokens];
            var h = new HashCode();
            foreach (var token in this.tokens)
            {
                h.Add(token, StringComparer.Ordinal);
            }

            hash = h.ToHashCode();
        }

        public bool Equals(TokensKey other) => hash == other.hash && tokens.AsSpan().SequenceEqual(other.tokens, StringComparer.Ordinal);

        public override bool Equals(object? obj) => obj is TokensKey other && Equals(other);

        public override int GetHashCode() => hash;
    }
}
