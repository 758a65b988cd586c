using System.Globalization;
using Tagloop.Core.Common;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Keeps a data folder to one server. Leases, the task queue's state and the training coordinator live in the server's
/// memory, so a second server on the same database would hand out documents the first has leased. The lock is the
/// operating system's own on a file in the folder (flock on Unix, a sharing mode on Windows): it ends with the process
/// however the process ends, so a killed server never leaves a stale lock behind. Taken by <c>tagloop serve</c>; not by
/// the server's own entry point, which test hosts (WebApplicationFactory) and the build's OpenAPI generator run, several
/// at once on one folder.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string LockFileName = "server.lock";

    /// <summary>The holder's process id, written beside the lock: the lock file itself cannot be read while held.</summary>
    public const string ProcessFileName = "server.pid";

    private readonly FileStream file;
    private readonly string processFile;

    private DataFolderLock(FileStream file, string processFile)
    {
        this.file = file;
        this.processFile = processFile;
    }

    /// <summary>Takes the folder (created if missing), or says which process holds it.</summary>
    public static Outcome<DataFolderLock> Acquire(string dataDir)
    {
        var folder = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(folder);
        var processFile = Path.Combine(folder, ProcessFileName);
        FileStream file;
        try
        {
            file = new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            var holder = ReadProcessId(processFile);
            return Problem.Conflict(
                $"another Tagloop server is using {folder}{(holder is null ? "" : $" (pid {holder})")}; stop it, or pass --data-dir for another folder");
        }

        File.WriteAllText(processFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new DataFolderLock(file, processFile);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(processFile);
        }
        catch (IOException)
        {
            // Only informative: the next holder writes its own.
        }

        file.Dispose();
    }

    // Windows: sharing or lock violation. Unix: flock's EWOULDBLOCK (11 on Linux, 35 on macOS and BSDs).
    private static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static int? ReadProcessId(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
