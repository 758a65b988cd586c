namespace Tagloop.Learning.Optimization;

/// <summary>Where L-BFGS stopped.</summary>
public sealed record LbfgsResult(double Value, int Iterations, bool Converged);
