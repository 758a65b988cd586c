namespace Tagloop.Server.Projects;

/// <summary>Project settings to change; a field left out stays as it is.</summary>
/// <param name="Strategy">How the model picks the next document: a name from <c>GET /api/v1/strategies</c>.</param>
/// <param name="Encoder">What the model reads documents with: a name from <c>GET /api/v1/encoders</c>. Changing it re-encodes the documents in the background; the model learns from words alone meanwhile.</param>
/// <param name="OverlapShare">The share of documents (0–1) several people answer independently, for agreement; 0 (the default) for none.</param>
/// <param name="OverlapAnswers">How many different people answer each of those (2–10, default 2).</param>
/// <param name="OverlappingSpans">Span-tagging projects: whether one answer's spans may overlap (off by default).</param>
/// <param name="SpanUnit">Span-tagging projects: what the queue shows at a time, "sentence" (the default) or "paragraph".</param>
public sealed record ProjectSettings(string? Strategy, string? Encoder = null, double? OverlapShare = null, int? OverlapAnswers = null, bool? OverlappingSpans = null, string? SpanUnit = null);
