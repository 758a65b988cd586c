using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Extends rules through an embedding space, after Epoxy (Chen, Fu, Sala, Wu, Mullapudi, Poms, Fatahalian and Ré 2020,
/// "Train and You'll Miss It: Interactive Model Iteration with Weak Supervision and Pre-Trained Embeddings"): where a
/// rule abstains, it gives the vote it gave the most similar document it voted on, when that document's cosine
/// similarity is at least the rule's radius. The search is exact (<see cref="NearestVoted"/>).
/// <para>
/// Each rule's radius is, in order of precedence: <see cref="EmbeddingExtensionOptions.Radius"/> when given; chosen on
/// the gold documents when given and the rule votes on at least one of them; else the
/// <see cref="EmbeddingExtensionOptions.Quantile"/> of the similarities between the documents the rule votes on (a
/// sample of them) and their nearest fellow voted document — an abstained document is taken in when it lies as close
/// to the rule's documents as they typically lie to one another.
/// </para>
/// <para>
/// On gold documents the radius keeps the rule's accuracy: with the rule's own accuracy on the gold documents it votes
/// on, smoothed as a = (correct + 1) / (votes + 2), the gold documents where it abstains are ranked by their
/// similarity to their nearest voted document, and the radius is the lowest similarity at which the extended votes
/// (every such document at or above it) still have an accuracy whose Wilson lower bound at one standard error is at
/// least a − <see cref="EmbeddingExtensionOptions.Tolerance"/>: the most coverage that does not, on the evidence, make
/// the rule less accurate than the label model believes it to be. When no radius does, the rule is not extended.
/// </para>
/// </summary>
public static class EmbeddingExtension
{
    private const int QueriesPerPass = 16384;

    /// <summary>The votes of <paramref name="votes"/> extended through <paramref name="vectors"/> (one row per document).</summary>
    public static ExtendedVotes Extend(LabelMatrix votes, DenseRows vectors, EmbeddingExtensionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(vectors);
        options ??= new EmbeddingExtensionOptions();
        Validate(votes, vectors, options);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var rules = votes.Rules;
        var radii = new double[rules];
        var sources = new RadiusSource[rules];
        Array.Fill(radii, double.NaN);
        var columns = Enumerable.Range(0, rules).Select(votes.Rule).ToArray();
        if (options.Radius is { } fixedRadius)
        {
            for (var j = 0; j < rules; j++)
            {
                if (columns[j].Count > 0)
                {
                    radii[j] = fixedRadius;
                    sources[j] = RadiusSource.Fixed;
                }
            }
        }
        else
        {
            var search = new NearestVoted(vectors, columns);
            var undecided = Enumerable.Range(0, rules).ToList();
            if (options.GoldDocuments is { Count: > 0 } gold)
            {
                undecided = FromGold(search, columns, gold, options.GoldClasses!, options.Tolerance, radii, sources, parallel);
            }

            FromQuantile(search, columns, undecided, options, radii, sources, parallel);
        }

        return Apply(votes, vectors, columns, radii, sources, parallel);
    }

    /// <summary>Sets the radius of each rule that votes on a gold document; returns the others.</summary>
    private static List<int> FromGold(NearestVoted search, RuleVotes[] columns, IReadOnlyList<int> gold, IReadOnlyList<int> goldClasses, double tolerance, double[] radii, RadiusSource[] sources, ParallelOptions parallel)
    {
        var rules = columns.Length;
        var best = new float[gold.Count * rules];
        var nearest = new int[gold.Count * rules];
        search.Search([.. gold], float.NegativeInfinity, best, nearest, parallel);
        var undecided = new List<int>();
        for (var j = 0; j < rules; j++)
        {
            var voted = 0;
            var correct = 0;
            var candidates = new List<(float Similarity, bool Correct)>();
            for (var g = 0; g < gold.Count; g++)
            {
                var vote = columns[j].VoteOn(gold[g]);
                if (vote >= 0)
                {
                    voted++;
                    correct += vote == goldClasses[g] ? 1 : 0;
                }
                else if (nearest[(g * rules) + j] is var n && n >= 0)
                {
                    candidates.Add((best[(g * rules) + j], columns[j].VoteOn(n) == goldClasses[g]));
                }
            }

            if (voted == 0)
            {
                undecided.Add(j);
                continue;
            }

            sources[j] = RadiusSource.None;
            var floor = ((correct + 1.0) / (voted + 2.0)) - tolerance;
            candidates.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
            var right = 0;
            for (var k = 0; k < candidates.Count; k++)
            {
                right += candidates[k].Correct ? 1 : 0;

                // A radius takes in every document as similar as the one at it, so only the last of equals is a choice.
                if ((k + 1 < candidates.Count && candidates[k + 1].Similarity == candidates[k].Similarity) || RuleSuggestions.WilsonLower(right, k + 1, 1.0) < floor)
                {
                    continue;
                }

                radii[j] = candidates[k].Similarity;
                sources[j] = RadiusSource.Gold;
            }
        }

        return undecided;
    }

    /// <summary>Sets the radius of each of <paramref name="which"/> from its voted documents' nearest-fellow similarities.</summary>
    private static void FromQuantile(NearestVoted search, RuleVotes[] columns, List<int> which, EmbeddingExtensionOptions options, double[] radii, RadiusSource[] sources, ParallelOptions parallel)
    {
        var random = new Random(options.Seed);
        var samples = new Dictionary<int, int[]>();
        foreach (var j in which.Where(j => columns[j].Count >= 2))
        {
            var documents = columns[j].Documents.ToArray();
            var take = Math.Min(options.SampleSize, documents.Length);
            for (var i = 0; i < take; i++)
            {
                var k = random.Next(i, documents.Length);
                (documents[i], documents[k]) = (documents[k], documents[i]);
            }

            samples[j] = documents[..take];
        }

        if (samples.Count == 0)
        {
            return;
        }

        var queries = samples.Values.SelectMany(s => s).Distinct().Order().ToArray();
        var row = new Dictionary<int, int>();
        for (var i = 0; i < queries.Length; i++)
        {
            row[queries[i]] = i;
        }

        var rules = columns.Length;
        var best = new float[queries.Length * rules];
        var nearest = new int[queries.Length * rules];
        search.Search(queries, float.NegativeInfinity, best, nearest, parallel);
        foreach (var (j, sample) in samples)
        {
            var similarities = sample.Select(d => (double)best[(row[d] * rules) + j]).Where(double.IsFinite).Order().ToArray();
            if (similarities.Length > 0)
            {
                radii[j] = QuantileOf(similarities, options.Quantile);
                sources[j] = RadiusSource.Quantile;
            }
        }
    }

    private static ExtendedVotes Apply(LabelMatrix votes, DenseRows vectors, RuleVotes[] columns, double[] radii, RadiusSource[] sources, ParallelOptions parallel)
    {
        var extended = Enumerable.Range(0, columns.Length).Where(j => !double.IsNaN(radii[j]) && columns[j].Count > 0).ToArray();
        var added = new List<(int Document, int Class)>[columns.Length];
        for (var j = 0; j < added.Length; j++)
        {
            added[j] = [];
        }

        if (extended.Length > 0)
        {
            var search = new NearestVoted(vectors, [.. extended.Select(j => columns[j])]);
            var floor = (float)extended.Min(j => radii[j]);
            var rules = extended.Length;
            var block = Math.Min(QueriesPerPass, votes.Documents);
            var best = new float[block * rules];
            var nearest = new int[block * rules];
            for (var from = 0; from < votes.Documents; from += block)
            {
                var count = Math.Min(block, votes.Documents - from);
                search.Search([.. Enumerable.Range(from, count)], floor, best, nearest, parallel);
                for (var r = 0; r < rules; r++)
                {
                    var j = extended[r];
                    var column = columns[j];
                    for (var i = 0; i < count; i++)
                    {
                        var n = nearest[(i * rules) + r];
                        if (n >= 0 && best[(i * rules) + r] >= radii[j] && column.VoteOn(from + i) < 0)
                        {
                            added[j].Add((from + i, column.VoteOn(n)));
                        }
                    }
                }
            }
        }

        var result = new RuleVotes[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            result[j] = added[j].Count == 0 ? columns[j] : Merge(columns[j], added[j]);
        }

        return new ExtendedVotes(new LabelMatrix(votes.Documents, votes.Classes, result), radii, sources, [.. added.Select(a => a.Count)]);
    }

    private static RuleVotes Merge(RuleVotes column, List<(int Document, int Class)> added)
    {
        var all = new List<(int Document, int Class)>(column.Count + added.Count);
        for (var i = 0; i < column.Count; i++)
        {
            all.Add((column.Documents[i], column.ClassAt(i)));
        }

        all.AddRange(added);
        all.Sort((a, b) => a.Document.CompareTo(b.Document));
        int[] documents = [.. all.Select(v => v.Document)];
        return column.Label >= 0 && added.TrueForAll(v => v.Class == column.Label)
            ? new RuleVotes(documents, column.Label)
            : new RuleVotes(documents, [.. all.Select(v => v.Class)]);
    }

    /// <summary>The <paramref name="q"/>-quantile of sorted values, linearly interpolated.</summary>
    private static double QuantileOf(double[] sorted, double q)
    {
        var at = q * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((at - low) * (sorted[high] - sorted[low]));
    }

    private static void Validate(LabelMatrix votes, DenseRows vectors, EmbeddingExtensionOptions options)
    {
        if (vectors.Rows != votes.Documents)
        {
            throw new ArgumentException($"The matrix has {votes.Documents} documents but there are {vectors.Rows} vectors.", nameof(vectors));
        }

        if (options.Radius is { } radius && (double.IsNaN(radius) || radius < -1 || radius > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), radius, "The radius is a cosine, between -1 and 1.");
        }

        if (double.IsNaN(options.Quantile) || options.Quantile < 0 || options.Quantile > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Quantile, "The quantile must be between 0 and 1.");
        }

        if (double.IsNaN(options.Tolerance) || options.Tolerance < 0 || options.Tolerance > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance, "The tolerance must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleSize, 2, nameof(options));
        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "Use a positive number of threads, or -1 for every core.");
        }

        var gold = options.GoldDocuments;
        var classes = options.GoldClasses;
        if ((gold is null) != (classes is null) || (gold is not null && gold.Count != classes!.Count))
        {
            throw new ArgumentException("Gold documents and gold classes go together, one class per document.", nameof(options));
        }

        if (gold is null)
        {
            return;
        }

        var seen = new HashSet<int>();
        for (var g = 0; g < gold.Count; g++)
        {
            if (gold[g] < 0 || gold[g] >= votes.Documents || !seen.Add(gold[g]))
            {
                throw new ArgumentException($"Gold document {g} is {gold[g]}: a row of the matrix (0 to {votes.Documents - 1}), each once.", nameof(options));
            }

            if (classes![g] < 0 || classes[g] >= votes.Classes)
            {
                throw new ArgumentException($"Gold document {g}'s class is {classes[g]}, not one of 0 to {votes.Classes - 1}.", nameof(options));
            }
        }
    }
}
