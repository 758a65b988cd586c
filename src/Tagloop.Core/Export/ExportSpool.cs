namespace Tagloop.Core.Export;

/// <summary>
/// Writes an export whole to a temporary file before any byte leaves, so that an export either arrives complete
/// (with its length announced) or fails with an error — never a success that stops half-way. The files live in a
/// folder beside the database (not /tmp, which is often a small RAM disk) and vanish when their stream is closed;
/// any left by a crash are removed when the spool is made.
/// </summary>
public sealed class ExportSpool
{
    private const string Pattern = "export-*.part";

    private readonly string directory;

    public ExportSpool(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        this.directory = directory;
        if (Directory.Exists(directory))
        {
            foreach (var leftover in Directory.EnumerateFiles(directory, Pattern))
            {
                TryDelete(leftover);
            }
        }
    }

    /// <summary>
    /// Runs the exporter into a fresh temporary file and returns it rewound, with how many rows it holds. The caller
    /// disposes the stream, which deletes the file; if writing fails, the file is deleted and the error goes on.
    /// </summary>
    public async Task<(Stream File, int Rows)> WriteAsync(Func<Stream, CancellationToken, Task<int>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"export-{Guid.NewGuid():N}.part");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var rows = await write(file, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return (file, rows);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open in another process (a second server on the same folder): it deletes its own.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to delete.
        }
    }
}
