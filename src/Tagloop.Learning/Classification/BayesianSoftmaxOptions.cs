namespace Tagloop.Learning.Classification;

/// <summary>Settings of <see cref="BayesianSoftmaxRegression"/>.</summary>
/// <param name="PriorPrecision">Precision λ of the Gaussian prior on sparse weights for the MAP fit (an L2 penalty of λ/2·‖w‖²). Rows are L2-normalised, so weights must be large and the penalty weak: with TF-IDF, 500 random labels reach 0.686 / 0.768 / 0.774 accuracy on TREC at λ = 1 / 0.1 / 0.01.</param>
/// <param name="BiasPrecision">Prior precision of the per-class bias, kept weak.</param>
/// <param name="MaxIterations">L-BFGS iterations at most per fit.</param>
/// <param name="DensePriorPrecision">The same for dense (embedding) weights.</param>
/// <param name="Evidence">Choose the posterior's prior precision by the Laplace evidence at the MAP weights; off, it is the geometric mean of the two MAP precisions.</param>
/// <param name="EvidenceSample">With more labelled rows than this, the evidence's spectrum comes from a fixed sample of this many (its cost grows with the cube of the rows).</param>
/// <param name="PosteriorRank">At most this many directions of the labelled dense rows carry the dense block's posterior (exact while there are fewer labelled rows; beyond, the rest of their precision is left out, which can only widen the posterior).</param>
/// <param name="PosteriorPrecision">A posterior prior precision to use as it is (a refit between two evidence searches keeps the last one); null to search or derive it.</param>
/// <param name="SearchInSpan">Search the MAP weights over coordinates in the span of the labelled rows when that is smaller than the weights themselves (one prior precision for sparse and dense weights): the same optimum, found at a fraction of the cost with many labels and features.</param>
/// <param name="ExactPosteriorClasses">Up to this many classes each class's span posterior is exact (a rank × rank factor per class, rank²/2 per row and class to score); beyond, the classes share one eigenbasis of their mean curvature, each with its own curvature along it (eigenvalue-corrected Kronecker factors: rank² per row, then rank per class), so scoring a pool with many labels stays fast.</param>
public sealed record BayesianSoftmaxOptions(
    double PriorPrecision = 0.01,
    double BiasPrecision = 0.01,
    int MaxIterations = 300,
    double DensePriorPrecision = 0.01,
    bool Evidence = true,
    int EvidenceSample = 400,
    int PosteriorRank = 128,
    double? PosteriorPrecision = null,
    int ExactPosteriorClasses = 8,
    bool SearchInSpan = true)
{
    /// <summary>Bounds on the precision the evidence may choose: outside them the data say nothing useful and the value is clamped (and reported).</summary>
    public const double MinimumPrecision = 1e-4;

    public const double MaximumPrecision = 1e4;
}
