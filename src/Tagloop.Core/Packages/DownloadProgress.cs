namespace Tagloop.Core.Packages;

/// <summary>How much of a download has arrived.</summary>
public sealed record DownloadProgress(string What, long BytesDone, long? BytesTotal);
