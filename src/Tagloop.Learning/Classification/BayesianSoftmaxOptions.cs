namespace Tagloop.Learning.Classification;

/// <summary>Settings of <see cref="BayesianSoftmaxRegression"/>.</summary>
/// <param name="PriorPrecision">Precision λ of the Gaussian prior on the weights (an L2 penalty of λ/2·‖w‖²). Rows are L2-normalised, so weights must be large and the prior weak: with TF-IDF pruned of single-document features, 500 random labels reach 0.686 / 0.768 / 0.774 / 0.779 / 0.779 accuracy on TREC at λ = 1 / 0.1 / 0.01 / 0.003 / 0.001, and 0.869 / 0.921 / 0.943 / 0.949 / 0.950 on SMS spam. 0.01 is within 0.01 of the best on both with a less extreme posterior variance (calibration rescales it anyway), and is what the benchmarks ran with.</param>
/// <param name="BiasPrecision">Prior precision of the per-class bias, kept weak.</param>
/// <param name="MaxIterations">L-BFGS iterations at most.</param>
/// <param name="FullCovarianceUpTo">With at most this many features, and dense rows (embeddings), the posterior keeps each class's full covariance instead of its diagonal; 0 never.</param>
public sealed record BayesianSoftmaxOptions(double PriorPrecision = 0.01, double BiasPrecision = 0.01, int MaxIterations = 300, int FullCovarianceUpTo = 512);
