using Tagloop.Core.Projects;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Explore;

/// <summary>
/// The sentence model a project's map and groups are drawn from: its encoder's sentence model, else MiniLM (a project
/// set to TF-IDF alone, and a span-tagging project, whose tagger reads words, get MiniLM vectors once someone opens the
/// Explore tab: TF-IDF places texts by shared words, which draws a poor map).
/// </summary>
public static class MapEncoder
{
    public const string Fallback = "minilm";

    public static string For(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Own(project.Task, project.Encoder) ?? Fallback;
    }

    /// <summary>The sentence model the project's own model reads, or null when it reads none.</summary>
    public static string? Own(ProjectTask task, string encoder)
    {
        if (task == ProjectTask.SpanTagging)
        {
            return null;
        }

        var setting = TextEncoderCatalog.Normalise(encoder);
        return setting is null ? null : TextEncoderCatalog.Parts(setting).Dense;
    }
}
