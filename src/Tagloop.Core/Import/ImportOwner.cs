using System.ComponentModel;
using System.Diagnostics;

namespace Tagloop.Core.Import;

/// <summary>Which process writes an import, and whether that process still runs.</summary>
internal static class ImportOwner
{
    // Start times are read from the operating system in each process and can differ by rounding; a reused process id
    // starts far later than this.
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(5);

    private static readonly Lazy<DateTimeOffset> CurrentStart = new(() =>
    {
        using var current = Process.GetCurrentProcess();
        return new DateTimeOffset(current.StartTime.ToUniversalTime());
    });

    public static int CurrentProcessId => Environment.ProcessId;

    public static DateTimeOffset CurrentStartedAt => CurrentStart.Value;

    public static string CurrentHost => Environment.MachineName;

    public static bool IsAlive(ImportRun run)
    {
        // A process on another machine (a server sharing the PostgreSQL database) cannot be looked up from here: its
        // import is left alone, for a server started on its own machine to clear if it crashed.
        if (run.OwnerHost is { } host && !string.Equals(host, CurrentHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (run.OwnerProcessId == CurrentProcessId)
        {
            return (run.OwnerStartedAt - CurrentStartedAt).Duration() < StartTolerance;
        }

        try
        {
            using var process = Process.GetProcessById(run.OwnerProcessId);
            return !process.HasExited && (new DateTimeOffset(process.StartTime.ToUniversalTime()) - run.OwnerStartedAt).Duration() < StartTolerance;
        }
        catch (ArgumentException)
        {
            // No process has that id.
            return false;
        }
        catch (InvalidOperationException)
        {
            // It ended while being looked at.
            return false;
        }
        catch (Exception e) when (e is Win32Exception or NotSupportedException or UnauthorizedAccessException)
        {
            // Cannot tell: leave its rows alone rather than risk removing a live import's.
            return true;
        }
    }
}
