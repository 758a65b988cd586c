namespace Tagloop.Server.Explore;

/// <summary>A document on the map: its place in [−1, 1]², its group, the label its current answers give most, and the model's guess with its probability.</summary>
public sealed record MapPointDto(long DocumentId, float X, float Y, int Cluster, string? Answer, string? Prediction, double? Confidence);
