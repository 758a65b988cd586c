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
}
