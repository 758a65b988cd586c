namespace Tagloop.Server.Models;

/// <summary>Texts to classify with the project's current model.</summary>
public sealed record PredictRequest(IReadOnlyList<string>? Texts);
