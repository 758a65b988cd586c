namespace Tagloop.Core.Common;

/// <summary>How much room is left on the disk that holds a folder.</summary>
public static class FreeSpace
{
    /// <summary>Below this, a generic write error is taken for a full disk.</summary>
    public const long NearlyFullBytes = 4 * 1024 * 1024;

    /// <summary>Whether the disk holding <paramref name="path"/> (a file or folder) has almost no room left; false when that cannot be told.</summary>
    public static bool IsNearlyFull(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        try
        {
            var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path));
            return folder is not null && new DriveInfo(folder).AvailableFreeSpace < NearlyFullBytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
