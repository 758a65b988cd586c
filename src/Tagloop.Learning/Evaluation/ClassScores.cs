namespace Tagloop.Learning.Evaluation;

/// <summary>One class's precision, recall and F1, and its support (how many rows truly belong to it).</summary>
public sealed record ClassScores(double Precision, double Recall, double F1, int Support);
