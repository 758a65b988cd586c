namespace Tagloop.Server.Models;

/// <summary>One label's cross-validated figures: of the documents predicted as it, the share right (precision); of the documents truly it, the share found (recall); their harmonic mean (F1); and how many labelled documents have it (support).</summary>
public sealed record LabelMetricsDto(string Label, double Precision, double Recall, double F1, int Support);
