namespace Tagloop.Core.Tests;

/// <summary>Finds files in ../shared beside the repository, or their copies in tests/shared (the product never reads either; tests may).</summary>
internal static class SharedData
{
    public static string? File(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                // ../shared beside the repository, else the copies committed under tests/shared (tests/shared/README.md).
                var path = Path.Combine([dir.FullName, "..", "shared", .. parts]);
                var copy = Path.Combine([dir.FullName, "tests", "shared", .. parts]);
                return System.IO.File.Exists(path) ? Path.GetFullPath(path) : System.IO.File.Exists(copy) ? copy : null;
            }
        }

        return null;
    }
}
