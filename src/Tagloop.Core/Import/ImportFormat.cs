namespace Tagloop.Core.Import;

/// <summary>File formats documents can be imported from.</summary>
public enum ImportFormat
{
    Csv,
    Jsonl,
    Prodigy,
    Text,
}
