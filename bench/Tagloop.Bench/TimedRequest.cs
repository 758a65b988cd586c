namespace Tagloop.Bench;

/// <summary>When a request started and ended, in milliseconds on the load's clock.</summary>
internal sealed record TimedRequest(double Start, double End);
