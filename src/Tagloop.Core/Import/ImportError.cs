namespace Tagloop.Core.Import;

/// <summary>A bad line of an import file (1-based line number) and what is wrong with it.</summary>
public sealed record ImportError(long Line, string Message);
