using Tagloop.Learning.Text;

namespace Tagloop.Learning.Explore;

/// <summary>A term that sets a cluster apart: its score and how many of the cluster's documents hold it.</summary>
public sealed record ClusterTerm(string Term, double Score, int Documents);

/// <summary>
/// The terms that set each cluster apart from the whole collection, a class-based TF-IDF-like weight over document
/// frequencies: with p(t|c) the share of cluster c's documents holding term t and p(t) the share of all documents
/// holding it, a term scores p(t|c) · log(p(t|c) / p(t)) — its contribution to the KL divergence of the cluster's term
/// profile from the collection's. A term common to the cluster and rare elsewhere scores high; a term spread evenly
/// everywhere (the, of, and) has p(t|c) ≈ p(t) and scores about 0, so very common words mostly fall out by themselves;
/// as in a small or uniform collection a function word can still gather in one cluster by chance ("in", "a" in every
/// recipe), English stop words and bare numbers are never listed, since they say nothing of what a group is about; a term rarer in the cluster than overall scores below 0 and is never listed. Counting documents rather than
/// occurrences keeps one long document repeating a name from dominating. Words come from <see cref="WordTokenizer"/>;
/// terms held by fewer than <c>minDocuments</c> of the cluster's documents are skipped. Ties go to the term that is
/// first in ordinal order, so the lists depend only on the texts and the assignment.
/// </summary>
public static class ClusterTerms
{
    /// <summary>The top <paramref name="top"/> terms of each cluster 0..<paramref name="k"/>−1 (a list per cluster, best first).</summary>
    /// <param name="texts">One text per document.</param>
    /// <param name="assignments">Each document's cluster, 0 to k − 1.</param>
    /// <param name="k">The number of clusters (a cluster with no documents gets an empty list).</param>
    /// <param name="top">Terms per cluster, at least 1.</param>
    /// <param name="minDocuments">The fewest of a cluster's documents a term must appear in (capped at the cluster's size).</param>
    public static IReadOnlyList<IReadOnlyList<ClusterTerm>> Describe(IReadOnlyList<string> texts, int[] assignments, int k, int top = 10, int minDocuments = 2)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minDocuments, 1);
        if (texts.Count != assignments.Length)
        {
            throw new ArgumentException($"{assignments.Length} assignments for {texts.Count} texts.", nameof(assignments));
        }

        if (texts.Count == 0)
        {
            throw new ArgumentException("There are no texts to describe.", nameof(texts));
        }

        var outside = Array.FindIndex(assignments, a => a < 0 || a >= k);
        if (outside >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(assignments), assignments[outside], $"Document {outside}'s cluster is not between 0 and {k - 1}.");
        }

        var n = texts.Count;
        var sizes = new int[k];
        var inCluster = new Dictionary<string, int>[k];
        for (var c = 0; c < k; c++)
        {
            inCluster[c] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var overall = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var c = assignments[i];
            sizes[c]++;
            foreach (var term in WordTokenizer.Tokenize(text).Distinct(StringComparer.Ordinal))
            {
                if (WeakSupervision.StopWords.English.Contains(term) || term.All(char.IsAsciiDigit))
                {
                    continue;
                }

                inCluster[c][term] = inCluster[c].GetValueOrDefault(term) + 1;
                overall[term] = overall.GetValueOrDefault(term) + 1;
            }
        }

        var result = new IReadOnlyList<ClusterTerm>[k];
        for (var c = 0; c < k; c++)
        {
            if (sizes[c] == 0)
            {
                result[c] = [];
                continue;
            }

            var least = Math.Min(minDocuments, sizes[c]);
            var size = (double)sizes[c];
            result[c] = inCluster[c]
                .Where(pair => pair.Value >= least)
                .Select(pair =>
                {
                    var inside = pair.Value / size;
                    var everywhere = overall[pair.Key] / (double)n;
                    return new ClusterTerm(pair.Key, inside * Math.Log(inside / everywhere), pair.Value);
                })
                .Where(term => term.Score > 0)
                .OrderByDescending(term => term.Score)
                .ThenBy(term => term.Term, StringComparer.Ordinal)
                .Take(top)
                .ToArray();
        }

        return result;
    }
}
