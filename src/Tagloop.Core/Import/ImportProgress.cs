namespace Tagloop.Core.Import;

/// <summary>How far an import has got.</summary>
public sealed record ImportProgress(long BytesRead, long? TotalBytes, long Lines, long Imported);
