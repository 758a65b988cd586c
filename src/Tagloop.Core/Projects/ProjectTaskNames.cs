namespace Tagloop.Core.Projects;

/// <summary>The names tasks have in the API and in files.</summary>
public static class ProjectTaskNames
{
    public static string ToName(this ProjectTask task) => task switch
    {
        ProjectTask.Classification => "classification",
        ProjectTask.SpanTagging => "span-tagging",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    public static bool TryParse(string name, out ProjectTask task)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "classification":
                task = ProjectTask.Classification;
                return true;
            case "span-tagging" or "spans" or "ner":
                task = ProjectTask.SpanTagging;
                return true;
            default:
                task = default;
                return false;
        }
    }
}
