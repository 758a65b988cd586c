using System.Text.Json;

namespace Tagloop.Server.Tasks;

/// <summary>The next document to annotate, with the model's guess and why it was chosen once a model exists.</summary>
public sealed record TaskDto(long DocumentId, string Text, JsonElement? Meta, PredictionDto? Prediction, string? Reason, int? ModelVersion);
