namespace Tagloop.Server.Models;

/// <summary>Per text, the most likely label and every label's probability.</summary>
public sealed record PredictResponse(int ModelVersion, IReadOnlyList<TextPrediction> Predictions);
