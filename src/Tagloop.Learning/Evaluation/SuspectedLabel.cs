namespace Tagloop.Learning.Evaluation;

/// <summary>
/// A labelled row the model doubts: the label given, the one it suggests instead, and how strongly it doubts the given
/// one (<paramref name="Score"/>: one minus the probability it gives that label, so 0.9 means it gives it 10%).
/// </summary>
public sealed record SuspectedLabel(int Row, int Given, int Suggested, double Score);
