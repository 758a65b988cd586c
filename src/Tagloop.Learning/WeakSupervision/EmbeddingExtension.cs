using Tagloop.Learning.Encoders;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Extends rules through an embedding space, after Epoxy (Chen, Fu, Sala, Wu, Mullapudi, Poms, Fatahalian and Ré 2020,
/// "Train and You'll Miss It: Interactive Model Iteration with Weak Supervision and Pre-Trained Embeddings"): where a
/// rule abstains, it gives the vote it gave the most similar document it voted on, when that document's cosine
/// similarity is at least the rule's radius. The search is exact (<see cref="NearestVoted"/>).
/// <para>
/// Each rule's radius is <see cref="EmbeddingExtensionOptions.Radius"/> when given, else the corpus's radius: the
/// <see cref="EmbeddingExtensionOptions.Quantile"/> of the similarities between documents (a sample of them) and their
/// nearest neighbour in the corpus, so a document is taken in only when it lies as close to a rule's vote as most
/// documents lie to their nearest neighbour. That radius follows the encoder's scale (unit vectors from one model sit
/// far closer together than from another) and the corpus's (near-duplicates raise it). Radii much wider than that, or
/// a radius per rule fitted on a few hundred gold documents, were measured to harm majority vote on WRENCH's YouTube,
/// SMS and TREC sets; so gold documents only narrow a rule's radius, or withhold its extension.
/// </para>
/// <para>
/// On gold documents the radius keeps the rule's accuracy and stays informative. With the rule's own accuracy on the
/// gold documents it votes on, smoothed as a = (correct + 1) / (votes + 2), the gold documents where it abstains are
/// ranked by their similarity to their nearest voted document (those within the corpus's radius), and the radius is the
/// lowest similarity at which the extended votes (every such document at or above it) have an accuracy whose Wilson
/// lower bound at one standard error is at least a − <see cref="EmbeddingExtensionOptions.Tolerance"/> and above the
/// accuracy of voting those documents' extended classes at random (each class's share of the gold documents): the most
/// coverage that does not, on the evidence, make the rule less accurate than it is, nor add votes no better than
/// chance. When no radius does, the rule is not extended.
/// </para>
/// </summary>
public static class EmbeddingExtension
{
    private const int QueriesPerPass = 16384;
    private const int NeighbourPool = 100_000;

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
            var corpusRadius = CorpusRadius(vectors, options, parallel);
            for (var j = 0; j < rules; j++)
            {
                if (columns[j].Count > 0 && !double.IsNaN(corpusRadius))
                {
                    radii[j] = corpusRadius;
                    sources[j] = RadiusSource.Quantile;
                }
            }

            if (options.GoldDocuments is { Count: > 0 } gold && !double.IsNaN(corpusRadius))
            {
                FromGold(new NearestVoted(vectors, columns), columns, gold, options.GoldClasses!, options.Tolerance, corpusRadius, radii, sources, parallel);
            }
        }

        return Apply(votes, vectors, columns, radii, sources, parallel);
    }

    /// <summary>Narrows to a radius of at least <paramref name="widest"/>, or withholds, the extension of each rule that votes on a gold document.</summary>
    private static void FromGold(NearestVoted search, RuleVotes[] columns, IReadOnlyList<int> gold, IReadOnlyList<int> goldClasses, double tolerance, double widest, double[] radii, RadiusSource[] sources, ParallelOptions parallel)
    {
        var rules = columns.Length;
        var best = new float[gold.Count * rules];
        var nearest = new int[gold.Count * rules];
        search.Search([.. gold], float.NegativeInfinity, best, nearest, parallel);
        var share = new double[goldClasses.Max() + 1];
        foreach (var c in goldClasses)
        {
            share[c] += 1.0 / goldClasses.Count;
        }

        for (var j = 0; j < rules; j++)
        {
            var voted = 0;
            var correct = 0;
            var candidates = new List<(float Similarity, bool Correct, double Chance)>();
            for (var g = 0; g < gold.Count; g++)
            {
                var vote = columns[j].VoteOn(gold[g]);
                if (vote >= 0)
                {
                    voted++;
                    correct += vote == goldClasses[g] ? 1 : 0;
                }
                else if (nearest[(g * rules) + j] is var n && n >= 0 && best[(g * rules) + j] >= widest)
                {
                    var extended = columns[j].VoteOn(n);
                    candidates.Add((best[(g * rules) + j], extended == goldClasses[g], extended < share.Length ? share[extended] : 0));
                }
            }

            if (voted == 0)
            {
                continue;
            }

            sources[j] = RadiusSource.None;
            radii[j] = double.NaN;
            var floor = ((correct + 1.0) / (voted + 2.0)) - tolerance;
            candidates.Sort((a, b) => b.Similarity.CompareTo(a.Similarity));
            var right = 0;
            var chance = 0.0;
            for (var k = 0; k < candidates.Count; k++)
            {
                right += candidates[k].Correct ? 1 : 0;
                chance += candidates[k].Chance;

                // A radius takes in every document as similar as the one at it, so only the last of equals is a choice.
                if (k + 1 < candidates.Count && candidates[k + 1].Similarity == candidates[k].Similarity)
                {
                    continue;
                }

                var lower = RuleSuggestions.WilsonLower(right, k + 1, 1.0);
                if (lower < floor || lower <= chance / (k + 1))
                {
                    continue;
                }

                radii[j] = candidates[k].Similarity;
                sources[j] = RadiusSource.Gold;
            }
        }
    }

    /// <summary>The corpus's radius: a quantile of the similarities of a sample of documents to their nearest neighbour (NaN with fewer than two documents).</summary>
    private static double CorpusRadius(DenseRows vectors, EmbeddingExtensionOptions options, ParallelOptions parallel)
    {
        var documents = vectors.Rows;
        if (documents < 2)
        {
            return double.NaN;
        }

        // The sample's neighbours are looked for among at most NeighbourPool documents (drawn beyond that), which bounds
        // the cost on a large corpus at the price of a slightly lower radius there.
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, documents).ToArray();
        var pool = Math.Min(NeighbourPool, documents);
        for (var i = 0; i < pool; i++)
        {
            var k = random.Next(i, documents);
            (order[i], order[k]) = (order[k], order[i]);
        }

        var all = new RuleVotes([.. order[..pool].Order()], 0);
        int[] sample = [.. order[..Math.Min(options.SampleSize, pool)].Order()];
        var best = new float[sample.Length];
        var nearest = new int[sample.Length];
        new NearestVoted(vectors, [all]).Search(sample, float.NegativeInfinity, best, nearest, parallel);
        return QuantileOf([.. best.Select(s => (double)s).Order()], options.Quantile);
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
