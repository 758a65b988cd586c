namespace Tagloop.Server.Tasks;

/// <summary>The model's most likely label for a document and its predictive probability.</summary>
public sealed record PredictionDto(string Label, double Confidence);
