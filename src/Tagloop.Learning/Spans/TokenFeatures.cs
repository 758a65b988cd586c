using System.Globalization;

namespace Tagloop.Learning.Spans;

/// <summary>
/// Features of each token of a sentence for a linear-chain tagger, as hashed ids. Feature strings ("name=value") are
/// hashed with a fixed FNV-1a hash into 2^HashBits buckets (no dictionary: nothing to grow or freeze, the same ids in
/// every process). The groups: a bias; the word, its lower case, its shape (Xxxx, dd, X.X.) and short shape;
/// prefixes and suffixes of 1–4 characters; capitalised / all-caps / digit / hyphen / punctuation flags; word, lower
/// case and shape of the neighbours within the window (with sentence-boundary markers); the bigrams
/// (previous|this, this|next); gazetteer matches; and optionally dense token vectors. Immutable and thread-safe.
/// </summary>
public sealed class TokenFeatures
{
    private const string Before = "<s>";
    private const string After = "</s>";
    private readonly int mask;
    private readonly string[] neighbourNames;
    private readonly string[] clusterNames;

    /// <summary>Creates an extractor with the given options.</summary>
    public TokenFeatures(TokenFeatureOptions? options = null)
    {
        Options = options ?? new TokenFeatureOptions();
        Options.Validate();
        mask = (1 << Options.HashBits) - 1;
        neighbourNames = new string[3 * ((2 * Options.Window) + 1)];
        for (var d = -Options.Window; d <= Options.Window; d++)
        {
            var at = 3 * (d + Options.Window);
            neighbourNames[at] = $"w[{d}]";
            neighbourNames[at + 1] = $"lw[{d}]";
            neighbourNames[at + 2] = $"sh[{d}]";
        }

        var levels = Options.Clusters?.Granularities ?? [];
        clusterNames = new string[((2 * Options.ClusterWindow) + 1) * (levels.Count + 1)];
        for (var d = -Options.ClusterWindow; d <= Options.ClusterWindow; d++)
        {
            var at = (d + Options.ClusterWindow) * (levels.Count + 1);
            for (var l = 0; l < levels.Count; l++)
            {
                clusterNames[at + l] = $"c{levels[l]}[{d}]";
            }

            clusterNames[at + levels.Count] = $"c?[{d}]";
        }
    }

    /// <summary>The options the extractor was made with.</summary>
    public TokenFeatureOptions Options { get; }

    /// <summary>The number of hash buckets: every feature id is below it.</summary>
    public int Buckets => mask + 1;

    /// <summary>The width of the dense rows (0 without token vectors).</summary>
    public int DenseWidth => Options.Vectors?.Dimension ?? 0;

    /// <summary>The features of every token of <paramref name="tokens"/>.</summary>
    /// <param name="tokens">The sentence.</param>
    /// <param name="document">The context of the document the sentence belongs to (used with <see cref="TokenFeatureOptions.DocumentCase"/>; null: the sentence alone).</param>
    /// <param name="gazetteer">Read instead of the options' gazetteer (a training sentence's out-of-fold one, <see cref="CrfExample.Gazetteer"/>); ignored when the options have none.</param>
    public SentenceFeatures Extract(IReadOnlyList<string> tokens, DocumentContext? document = null, Gazetteer? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var n = tokens.Count;
        var lower = new string[n];
        var shape = new string[n];
        for (var t = 0; t < n; t++)
        {
            var token = tokens[t] ?? throw new ArgumentException($"Token {t} is null.", nameof(tokens));
            lower[t] = token.ToLowerInvariant();
            shape[t] = Shape(token, collapse: false);
        }

        var matches = GazetteerMarks(tokens, Options.Gazetteer is null ? null : gazetteer ?? Options.Gazetteer);
        var clusterWords = ClusterWords(tokens);
        var context = Options.DocumentCase ? document ?? DocumentContext.Of([tokens]) : null;
        var ids = new List<int>(n * 48);
        var starts = new int[n + 1];
        for (var t = 0; t < n; t++)
        {
            starts[t] = ids.Count;
            var word = tokens[t];
            ids.Add(FeatureHash.Of("bias", "", mask));
            ids.Add(FeatureHash.Of("w", word, mask));
            ids.Add(FeatureHash.Of("lw", lower[t], mask));
            ids.Add(FeatureHash.Of("sh", shape[t], mask));
            ids.Add(FeatureHash.Of("ss", Shape(word, collapse: true), mask));
            if (Options.Affixes)
            {
                for (var k = 1; k <= Math.Min(4, word.Length); k++)
                {
                    ids.Add(FeatureHash.Of(PrefixNames[k], word.AsSpan(0, k), mask));
                    ids.Add(FeatureHash.Of(SuffixNames[k], word.AsSpan(word.Length - k), mask));
                }
            }

            AddFlags(word, ids);
            for (var d = -Options.Window; d <= Options.Window; d++)
            {
                if (d == 0)
                {
                    continue;
                }

                var at = 3 * (d + Options.Window);
                var u = t + d;
                if (u < 0 || u >= n)
                {
                    var marker = u < 0 ? Before : After;
                    ids.Add(FeatureHash.Of(neighbourNames[at], marker, mask));
                    continue;
                }

                ids.Add(FeatureHash.Of(neighbourNames[at], tokens[u], mask));
                ids.Add(FeatureHash.Of(neighbourNames[at + 1], lower[u], mask));
                ids.Add(FeatureHash.Of(neighbourNames[at + 2], shape[u], mask));
            }

            if (Options.Bigrams)
            {
                var left = new FeatureHash("w[-1]|w");
                left.Add(t > 0 ? tokens[t - 1] : Before);
                left.Add('|');
                left.Add(word);
                ids.Add(left.Bucket(mask));
                var right = new FeatureHash("w|w[+1]");
                right.Add(word);
                right.Add('|');
                right.Add(t + 1 < n ? tokens[t + 1] : After);
                ids.Add(right.Bucket(mask));
            }

            if (clusterWords is not null)
            {
                AddClusters(clusterWords, t, ids);
            }

            if (context is not null)
            {
                var (title, lowerElsewhere) = context.Elsewhere(word, t, sentenceInDocument: true);
                var both = (title ? "T" : "-") + (lowerElsewhere ? "L" : "-");
                ids.Add(FeatureHash.Of("doc", both, mask));
                var own = word.Length == 0 || !char.IsUpper(word[0]) ? "x" : AllCaps(word) ? "XX" : t == 0 ? "X0" : "X";
                ids.Add(FeatureHash.Of("doc|own", own + "|" + both, mask));
            }

            if (matches is not null)
            {
                foreach (var feature in matches[t])
                {
                    ids.Add(FeatureHash.Of("gaz", feature, mask));
                }
            }
        }

        starts[n] = ids.Count;
        return new SentenceFeatures([.. ids], starts, DenseRows(tokens), DenseWidth);
    }

    /// <summary>
    /// The word's shape: upper case → X, lower case → x, digit → d, anything else kept; runs longer than four are cut
    /// to four ("Washington" → "Xxxxx"). The short shape collapses every run to one ("Xx", "d.d", "X.X.").
    /// </summary>
    public static string Shape(string word, bool collapse)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> buffer = stackalloc char[Math.Min(word.Length, 64)];
        var length = 0;
        var run = 0;
        var previous = '\0';
        foreach (var c in word)
        {
            var s = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : c;
            run = s == previous ? run + 1 : 1;
            previous = s;
            if ((collapse && run > 1) || run > 4 || length == buffer.Length)
            {
                continue;
            }

            buffer[length++] = s;
        }

        return new string(buffer[..length]);
    }

    private static readonly string[] PrefixNames = ["", "p1", "p2", "p3", "p4"];
    private static readonly string[] SuffixNames = ["", "s1", "s2", "s3", "s4"];

    private void AddFlags(string word, List<int> ids)
    {
        if (word.Length == 0)
        {
            return;
        }

        var upper = 0;
        var letters = 0;
        var digit = false;
        var hyphen = false;
        var punctuation = true;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }

            digit |= char.IsDigit(c);
            hyphen |= c == '-';
            punctuation &= char.IsPunctuation(c) || char.IsSymbol(c);
        }

        if (char.IsUpper(word[0]))
        {
            ids.Add(FeatureHash.Of("cap", "", mask));
        }

        if (letters > 0 && upper == letters)
        {
            ids.Add(FeatureHash.Of("allcaps", "", mask));
        }

        if (digit)
        {
            ids.Add(FeatureHash.Of("digit", "", mask));
        }

        if (hyphen)
        {
            ids.Add(FeatureHash.Of("hyphen", "", mask));
        }

        if (punctuation)
        {
            ids.Add(FeatureHash.Of("punct", "", mask));
        }
    }

    private static bool AllCaps(string word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            letters += char.IsLetter(c) ? 1 : 0;
        }

        return letters > 1;
    }

    private int[]? ClusterWords(IReadOnlyList<string> tokens)
    {
        if (Options.Clusters is not { } clusters)
        {
            return null;
        }

        var words = new int[tokens.Count];
        for (var t = 0; t < words.Length; t++)
        {
            words[t] = clusters.IndexOf(tokens[t]);
        }

        return words;
    }

    /// <summary>The clusters of the token and its neighbours at every level ("c256[-1]=17"); a word without clusters gives "c?[d]".</summary>
    private void AddClusters(int[] words, int t, List<int> ids)
    {
        var clusters = Options.Clusters!;
        var levels = clusters.Granularities.Count;
        Span<char> digits = stackalloc char[8];
        for (var d = -Options.ClusterWindow; d <= Options.ClusterWindow; d++)
        {
            var u = t + d;
            if (u < 0 || u >= words.Length)
            {
                continue;
            }

            var at = (d + Options.ClusterWindow) * (levels + 1);
            if (words[u] < 0)
            {
                ids.Add(FeatureHash.Of(clusterNames[at + levels], "", mask));
                continue;
            }

            for (var l = 0; l < levels; l++)
            {
                clusters.ClusterAt(words[u], l).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                ids.Add(FeatureHash.Of(clusterNames[at + l], digits[..written], mask));
            }
        }
    }

    private static List<string>[]? GazetteerMarks(IReadOnlyList<string> tokens, Gazetteer? gazetteer)
    {
        if (gazetteer is null)
        {
            return null;
        }

        var marks = new List<string>[tokens.Count];
        for (var t = 0; t < marks.Length; t++)
        {
            marks[t] = [];
        }

        foreach (var match in gazetteer.Matches(tokens))
        {
            if (match.End - match.Start == 1)
            {
                marks[match.Start].Add("U-" + match.Label);
                continue;
            }

            marks[match.Start].Add("B-" + match.Label);
            for (var t = match.Start + 1; t < match.End - 1; t++)
            {
                marks[t].Add("I-" + match.Label);
            }

            marks[match.End - 1].Add("E-" + match.Label);
        }

        foreach (var list in marks)
        {
            list.Sort(StringComparer.Ordinal);
        }

        return marks;
    }

    private float[] DenseRows(IReadOnlyList<string> tokens)
    {
        var vectors = Options.Vectors;
        if (vectors is null)
        {
            return [];
        }

        var width = vectors.Dimension;
        var dense = new float[tokens.Count * width];
        for (var t = 0; t < tokens.Count; t++)
        {
            var row = dense.AsSpan(t * width, width);
            if (!vectors.TryCopy(tokens[t], row) && !vectors.TryCopy(tokens[t].ToLower(CultureInfo.InvariantCulture), row))
            {
                row.Clear();
            }
        }

        return dense;
    }
}
