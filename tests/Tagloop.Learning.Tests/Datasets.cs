using System.Text.Json;

namespace Tagloop.Learning.Tests;

/// <summary>Reads the shared labelled corpora (../shared/datasets beside the repository, or the copies in tests/shared).</summary>
internal static class Datasets
{
    public static string? Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                // ../shared beside the repository, else the copies committed under tests/shared (tests/shared/README.md).
                var path = System.IO.Path.Combine([dir.FullName, "..", "shared", .. parts]);
                var copy = System.IO.Path.Combine([dir.FullName, "tests", "shared", .. parts]);
                return File.Exists(path) ? System.IO.Path.GetFullPath(path) : File.Exists(copy) ? copy : null;
            }
        }

        return null;
    }

    public static (List<string> Texts, List<string> Labels) Read(params string[] parts)
    {
        var texts = new List<string>();
        var labels = new List<string>();
        foreach (var line in File.ReadLines(Path(parts)!))
        {
            using var row = JsonDocument.Parse(line);
            texts.Add(row.RootElement.GetProperty("text").GetString()!);
            labels.Add(row.RootElement.GetProperty("label").GetString()!);
        }

        return (texts, labels);
    }
}
