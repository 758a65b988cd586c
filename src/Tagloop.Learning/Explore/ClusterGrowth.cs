using System.Numerics.Tensors;

namespace Tagloop.Learning.Explore;

/// <summary>
/// Rows that arrive after a clustering was fitted join the cluster of the most similar centroid (cosine), as the fit's
/// own assignment step would put them; centroids and central members stay as fitted, sizes grow. Rows that leave take
/// their assignment with them (<see cref="Keep"/>). Refitting waits until enough has changed to draw the map again.
/// </summary>
public static class ClusterGrowth
{
    /// <summary>The clustering with <paramref name="newRows"/> (n × dimension) appended after its rows.</summary>
    public static EmbeddingClusters Extend(EmbeddingClusters clusters, float[] newRows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(newRows);
        if (dimension <= 0 || newRows.Length % dimension != 0 || clusters.Centroids.Length != clusters.K * dimension)
        {
            throw new ArgumentException($"newRows has {newRows.Length} values, the centroids {clusters.Centroids.Length}: neither fits {clusters.K} clusters of dimension {dimension}.", nameof(newRows));
        }

        var count = newRows.Length / dimension;
        var assignments = new int[clusters.Assignments.Length + count];
        clusters.Assignments.CopyTo(assignments, 0);
        var sizes = (int[])clusters.Sizes.Clone();
        for (var i = 0; i < count; i++)
        {
            var row = new ReadOnlySpan<float>(newRows, i * dimension, dimension);
            if (!float.IsFinite(TensorPrimitives.Sum(row)))
            {
                throw new ArgumentException($"newRows row {i} holds a value that is not a finite number.", nameof(newRows));
            }

            var best = 0;
            var bestSimilarity = float.NegativeInfinity;
            for (var c = 0; c < clusters.K; c++)
            {
                // Centroids are unit length, so the dot product ranks clusters as the cosine does.
                var similarity = TensorPrimitives.Dot(row, new ReadOnlySpan<float>(clusters.Centroids, c * dimension, dimension));
                if (similarity > bestSimilarity)
                {
                    (best, bestSimilarity) = (c, similarity);
                }
            }

            assignments[clusters.Assignments.Length + i] = best;
            sizes[best]++;
        }

        return clusters with { Assignments = assignments, Sizes = sizes };
    }

    /// <summary>
    /// The clustering of only the rows <paramref name="kept"/> (old row indices, ascending), renumbered 0, 1, … in that
    /// order: their assignments, sizes recounted, central members that left dropped; centroids stay as fitted.
    /// </summary>
    public static EmbeddingClusters Keep(EmbeddingClusters clusters, IReadOnlyList<int> kept)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(kept);
        var renumbered = new int[clusters.Assignments.Length];
        Array.Fill(renumbered, -1);
        var assignments = new int[kept.Count];
        var sizes = new int[clusters.K];
        for (var i = 0; i < kept.Count; i++)
        {
            var row = kept[i];
            if (row < 0 || row >= clusters.Assignments.Length || (i > 0 && row <= kept[i - 1]))
            {
                throw new ArgumentException($"kept must list rows of the clustering (0 to {clusters.Assignments.Length - 1}) in ascending order; item {i} is {row}.", nameof(kept));
            }

            renumbered[row] = i;
            assignments[i] = clusters.Assignments[row];
            sizes[assignments[i]]++;
        }

        int[][] central = [.. clusters.CentralMembers.Select(members => members.Where(m => renumbered[m] >= 0).Select(m => renumbered[m]).ToArray())];
        return clusters with { Assignments = assignments, Sizes = sizes, CentralMembers = central };
    }
}
