namespace Tagloop.Server.Explore;

/// <summary>How many of the chosen documents are still open to the caller (the others they or others already answered).</summary>
public sealed record FocusDto(int Queued);
