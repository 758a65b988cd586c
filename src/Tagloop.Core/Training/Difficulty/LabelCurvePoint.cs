namespace Tagloop.Core.Training.Difficulty;

/// <summary>One point of a label's learning curve: its held-out F1 when the model had learnt from so many labels.</summary>
public sealed record LabelCurvePoint(int Labels, double F1);
