namespace Tagloop.Core.Import;

/// <summary>
/// One line of a file. <see cref="Error"/> says why it is bad; for invalid UTF-8, <see cref="Text"/> still holds
/// a lossy decoding so that a CSV record can be delimited, and for an over-long line it is null.
/// </summary>
internal readonly record struct LineResult(long Number, string? Text, string? Error);
