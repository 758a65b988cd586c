namespace Tagloop.Core.Import;

/// <summary>What an import did.</summary>
/// <param name="Imported">Documents added.</param>
/// <param name="Skipped">Lines not imported: invalid (with SkipInvalid), duplicate or blank.</param>
/// <param name="Duplicates">Texts already in the project or earlier in the file.</param>
/// <param name="Labelled">Imported documents that came with labels.</param>
/// <param name="Errors">The first bad lines.</param>
/// <param name="ErrorCount">All bad lines.</param>
/// <param name="Rejected">True when the file had bad lines and nothing was imported.</param>
public sealed record ImportResult(int Imported, int Skipped, int Duplicates, int Labelled, IReadOnlyList<ImportError> Errors, int ErrorCount, bool Rejected);
