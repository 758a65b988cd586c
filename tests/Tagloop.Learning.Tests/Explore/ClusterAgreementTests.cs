using Tagloop.Learning.Explore;

namespace Tagloop.Learning.Tests.Explore;

public sealed class ClusterAgreementTests
{
    [Fact]
    public void Identical_partitions_score_one_whatever_the_label_ids()
    {
        int[] truth = [0, 0, 1, 1, 2, 2, 2];
        int[] renamed = [7, 7, -3, -3, 5, 5, 5];
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex(truth, truth), 12);
        Assert.Equal(1.0, ClusterAgreement.NormalizedMutualInformation(truth, truth), 12);
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex(truth, renamed), 12);
        Assert.Equal(1.0, ClusterAgreement.NormalizedMutualInformation(truth, renamed), 12);

        // Both trivial the same way: one group, or all singletons.
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([1, 1, 1], [4, 4, 4]), 12);
        Assert.Equal(1.0, ClusterAgreement.NormalizedMutualInformation([1, 1, 1], [4, 4, 4]), 12);
        Assert.Equal(1.0, ClusterAgreement.AdjustedRandIndex([0, 1, 2], [2, 0, 1]), 12);
    }

    [Fact]
    public void A_small_contingency_table_gives_the_hand_computed_figures()
    {
        // truth [0,0,0,1,1,1], predicted [0,0,1,1,2,2]: table rows (2,1,0) and (0,1,2).
        // ARI: Σ C(n_ij,2) = 1 + 1 = 2; rows Σ C(3,2) = 6; columns Σ C(2,2) = 3; C(6,2) = 15;
        //      expected = 6·3/15 = 1.2; max = (6 + 3)/2 = 4.5; ARI = (2 − 1.2)/(4.5 − 1.2) = 8/33.
        // NMI: H(U) = ln 2, H(V) = ln 3; I = 2 · (2/6) ln(2·6/(3·2)) + 2 · (1/6) ln(1·6/(3·2)) = (2/3) ln 2;
        //      NMI = (2/3) ln 2 / ((ln 2 + ln 3)/2) = (4/3) ln 2 / ln 6 ≈ 0.515803.
        int[] truth = [0, 0, 0, 1, 1, 1];
        int[] predicted = [0, 0, 1, 1, 2, 2];
        Assert.Equal(8.0 / 33.0, ClusterAgreement.AdjustedRandIndex(truth, predicted), 12);
        Assert.Equal(4.0 / 3.0 * Math.Log(2) / Math.Log(6), ClusterAgreement.NormalizedMutualInformation(truth, predicted), 12);

        // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 4/7 ≈ 0.57.
        Assert.Equal(4.0 / 7.0, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 12);

        // Both figures are symmetric, and permuting the items of both sides alike changes nothing.
        Assert.Equal(8.0 / 33.0, ClusterAgreement.AdjustedRandIndex(predicted, truth), 12);
        Assert.Equal(ClusterAgreement.NormalizedMutualInformation(truth, predicted), ClusterAgreement.NormalizedMutualInformation(predicted, truth), 12);
        int[] order = [5, 2, 0, 4, 1, 3];
        Assert.Equal(8.0 / 33.0, ClusterAgreement.AdjustedRandIndex([.. order.Select(i => truth[i])], [.. order.Select(i => predicted[i] + 10)]), 12);
    }

    [Fact]
    public void Unrelated_partitions_score_near_zero_and_one_sided_trivial_ones_zero()
    {
        var random = new Random(11);
        var truth = new int[5000];
        var predicted = new int[5000];
        for (var i = 0; i < truth.Length; i++)
        {
            truth[i] = random.Next(4);
            predicted[i] = random.Next(5);
        }

        Assert.InRange(ClusterAgreement.AdjustedRandIndex(truth, predicted), -0.01, 0.01);
        Assert.InRange(ClusterAgreement.NormalizedMutualInformation(truth, predicted), 0.0, 0.01);
        Assert.Equal(0.0, ClusterAgreement.NormalizedMutualInformation([0, 0, 1, 1], [3, 3, 3, 3]), 12);
        Assert.Equal(0.0, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [3, 3, 3, 3]), 12);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_argument()
    {
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(() => ClusterAgreement.AdjustedRandIndex([0, 1], [0])).ParamName);
        Assert.Equal("truth", Assert.Throws<ArgumentException>(() => ClusterAgreement.NormalizedMutualInformation([], [])).ParamName);
        Assert.Equal("truth", Assert.Throws<ArgumentNullException>(() => ClusterAgreement.AdjustedRandIndex(null!, [0])).ParamName);
    }
}
