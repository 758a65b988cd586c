namespace Tagloop.Core.Import;

/// <summary>How to read an import file and what to do with bad lines.</summary>
public sealed record ImportOptions
{
    public required ImportFormat Format { get; init; }

    /// <summary>CSV: the column holding the text; default a column named <c>text</c>.</summary>
    public string? TextColumn { get; init; }

    /// <summary>CSV: a column holding pre-filled labels (several separated by <c>|</c>); default a column named <c>label</c> if there is one.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Import the valid lines of a file that has invalid ones, instead of rejecting it whole.</summary>
    public bool SkipInvalid { get; init; }

    /// <summary>Author recorded on pre-filled labels.</summary>
    public string Source { get; init; } = "import";

    /// <summary>The file's name, recorded with the import so that the project's list of imports can show it (folders are dropped).</summary>
    public string? FileName { get; init; }

    /// <summary>Largest document accepted, in bytes of UTF-8.</summary>
    public long MaxDocumentBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest metadata of one document, in bytes of JSON.</summary>
    public int MaxMetaBytes { get; init; } = 256 * 1024;

    /// <summary>How many bad lines are listed; all are counted.</summary>
    public int MaxReportedErrors { get; init; } = 100;
}
