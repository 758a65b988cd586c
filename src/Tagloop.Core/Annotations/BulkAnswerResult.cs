namespace Tagloop.Core.Annotations;

/// <summary>What a bulk answer did: answers recorded, and documents whose author's current answer already had exactly these labels.</summary>
public sealed record BulkAnswerResult(int Recorded, int Unchanged);
