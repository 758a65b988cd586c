using Tagloop.Core.Common;
using Tagloop.Learning.Encoders;

namespace Tagloop.Core.Projects;

/// <summary>The encoder a project may be set to: one of <see cref="TextEncoderCatalog.ProjectNames"/>, in any case and either order of its parts.</summary>
public static class ProjectEncoder
{
    /// <summary>The canonical name, or a problem on field <paramref name="field"/> naming the value and the choices.</summary>
    public static Outcome<string> Parse(string requested, string field = "encoder")
    {
        ArgumentNullException.ThrowIfNull(requested);
        var canonical = TextEncoderCatalog.Normalise(requested);
        return canonical is not null && TextEncoderCatalog.ProjectNames.Contains(canonical)
            ? Outcome<string>.Success(canonical)
            : Outcome<string>.Failure(Problem.Invalid(field, $"Unknown encoder '{UnicodeText.Quote(requested)}'; a project can use {string.Join(", ", TextEncoderCatalog.ProjectNames)}."));
    }
}
