namespace Tagloop.Learning.Acquisition;

/// <summary>Predictive probabilities (rows × classes) and acquisition scores (one per row) of a pool.</summary>
public sealed record PoolScores(float[] Probabilities, float[] Scores);
