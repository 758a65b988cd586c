namespace Tagloop.Core.Common;

/// <summary>Recognises a write that failed because the disk is full, whichever layer raised it (a file, the database).</summary>
public static class DiskFull
{
    // errno values on Linux and macOS; HRESULTs of ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private const int NoSpaceLinux = 28;
    private const int QuotaLinux = 122;
    private const int QuotaMac = 69;
    private const int DiskFullWindows = unchecked((int)0x80070070);
    private const int HandleDiskFullWindows = unchecked((int)0x80070027);

    public static bool Is(Exception? exception, IStorageFaults? storage)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException { HResult: NoSpaceLinux or QuotaLinux or QuotaMac or DiskFullWindows or HandleDiskFullWindows })
            {
                return true;
            }

            if (storage?.IsOutOfSpace(e) == true)
            {
                return true;
            }
        }

        return false;
    }
}
