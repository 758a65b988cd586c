namespace Tagloop.Core.Tests;

/// <summary>Finds files in ../shared beside the repository (the product never reads it; tests may).</summary>
internal static class SharedData
{
    public static string? File(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                var path = Path.Combine([dir.FullName, "..", "shared", .. parts]);
                return System.IO.File.Exists(path) ? Path.GetFullPath(path) : null;
            }
        }

        return null;
    }
}
