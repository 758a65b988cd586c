using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class ClusterGrowthTests
{
    [Fact]
    public void New_rows_join_the_most_similar_centroid_and_only_sizes_and_assignments_change()
    {
        // Two clusters along the axes; rows arrive near each (length does not matter), one nearer the first by a hair.
        var fitted = new EmbeddingClusters(2, [0, 0, 1], [1f, 0f, 0f, 1f], [2, 1], [[0, 1], [2]], 3, 0.9, []);
        float[] arriving = [0.9f, 0.2f, 0.1f, 3f, -5f, 0.5f, 0.51f, 0.5f];
        var grown = ClusterGrowth.Extend(fitted, arriving, 2);
        Assert.Equal([0, 0, 1, 0, 1, 1, 0], grown.Assignments);
        Assert.Equal([4, 3], grown.Sizes);
        Assert.Same(fitted.Centroids, grown.Centroids);
        Assert.Same(fitted.CentralMembers, grown.CentralMembers);
        Assert.Equal([0, 0, 1], fitted.Assignments);
        Assert.Equal([2, 1], fitted.Sizes);
    }

    [Fact]
    public void Rows_that_leave_take_their_assignment_and_central_places_with_them()
    {
        var fitted = new EmbeddingClusters(2, [0, 1, 0, 1, 0], [1f, 0f, 0f, 1f], [3, 2], [[2, 0, 4], [3, 1]], 3, 0.9, []);
        var kept = ClusterGrowth.Keep(fitted, [0, 1, 4]);
        Assert.Equal([0, 1, 0], kept.Assignments);
        Assert.Equal([2, 1], kept.Sizes);
        Assert.Equal([[0, 2], [1]], kept.CentralMembers);
        Assert.Same(fitted.Centroids, kept.Centroids);
        Assert.Equal("kept", Assert.Throws<ArgumentException>(() => ClusterGrowth.Keep(fitted, [1, 0])).ParamName);
        Assert.Equal("kept", Assert.Throws<ArgumentException>(() => ClusterGrowth.Keep(fitted, [5])).ParamName);
    }

    [Fact]
    public void Bad_rows_are_refused_by_name()
    {
        var fitted = new EmbeddingClusters(1, [0], [1f, 0f], [1], [[0]], 1, 1, []);
        Assert.Equal("newRows", Assert.Throws<ArgumentException>(() => ClusterGrowth.Extend(fitted, [1f, 2f, 3f], 2)).ParamName);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => ClusterGrowth.Extend(fitted, [1f, 2f, float.NaN, 0f], 2)).Message, StringComparison.Ordinal);
    }
}
