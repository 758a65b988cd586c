namespace Tagloop.Core.Training;

/// <summary>The files a project keeps in one of the data folder's stores: <c>project-{id}.*</c> (never another project's: "project-1." is not a prefix of "project-12.").</summary>
internal static class ProjectFiles
{
    public static void Delete(string directory, int projectId)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(directory, $"project-{projectId}.*").ToList())
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Gone already, or held by another process: the project's rows are deleted, and a stray file is only space.
            }
        }
    }

    /// <summary>
    /// Rewrites a store's file through <paramref name="copy"/> (the old file in, the new one out): written beside it under a
    /// temporary name, flushed, then renamed over it, so a crash leaves one whole file or the other. Returns whether
    /// <paramref name="copy"/> dropped anything (the file is left alone when it did not).
    /// </summary>
    public static bool Rewrite(string path, Func<Stream, Stream, bool> copy)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var temporary = path + ".rewriting";
        bool changed;
        using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            changed = copy(input, output);
            output.Flush(flushToDisk: true);
        }

        if (changed)
        {
            File.Move(temporary, path, overwrite: true);
        }
        else
        {
            File.Delete(temporary);
        }

        return changed;
    }
}
