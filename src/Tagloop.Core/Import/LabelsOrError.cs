namespace Tagloop.Core.Import;

/// <summary>Labels read from a line, or why they could not be read.</summary>
internal readonly record struct LabelsOrError(IReadOnlyList<string> Labels, string? Error);
