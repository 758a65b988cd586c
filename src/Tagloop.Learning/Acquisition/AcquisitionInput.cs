namespace Tagloop.Learning.Acquisition;

/// <summary>What a strategy sees of the pool: per row and class, the logit's posterior mean and variance and the predictive probability (row-major).</summary>
public sealed record AcquisitionInput(int Rows, int Classes, float[] LogitMean, float[] LogitVariance, float[] Probabilities);
