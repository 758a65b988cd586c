namespace Tagloop.Server.Models;

/// <summary>The model's answer for one text.</summary>
public sealed record TextPrediction(string Label, IReadOnlyDictionary<string, double> Probabilities);
