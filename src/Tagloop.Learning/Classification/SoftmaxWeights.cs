namespace Tagloop.Learning.Classification;

/// <summary>
/// The saved form of a Bayesian softmax regression: the feature ids it uses (sorted), the posterior mean and
/// diagonal variance of each class's weights (row-major, classes × (features + 1), bias last), and the
/// temperature applied to the logits, and the factor on the posterior variance fitted with it (see <see cref="Calibration"/>).
/// </summary>
public sealed record SoftmaxWeights(int FormatVersion, int Classes, int[] Features, float[] Mean, float[] Variance, double PriorPrecision, float Temperature)
{
    public const int CurrentFormat = 1;

    public float VarianceScale { get; init; } = 1f;

    /// <summary>
    /// For dense and few features, each class's full posterior covariance (classes × (features + 1)², row-major, bias
    /// last); null where the diagonal <see cref="Variance"/> stands alone (sparse features).
    /// </summary>
    public float[]? Covariance { get; init; }
}
