namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// A label model's figures on the gold documents that have at least one vote: accuracy (a top probability shared by t
/// classes scores 1/t when the gold class is among them) and mean log-loss (probabilities floored at 1e-6).
/// </summary>
public sealed record LabelModelScore(string Name, double Accuracy, double LogLoss, int Documents);
