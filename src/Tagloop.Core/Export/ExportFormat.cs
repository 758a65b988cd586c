namespace Tagloop.Core.Export;

/// <summary>File formats annotations can be exported to.</summary>
public enum ExportFormat
{
    Jsonl,
    Csv,
    Prodigy,
}
