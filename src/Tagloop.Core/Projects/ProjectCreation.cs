using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Projects;

/// <summary>Validates and stores a new project with its taxonomy.</summary>
public static class ProjectCreation
{
    public static async Task<Outcome<Project>> CreateAsync(TagloopDbContext db, NewProject request, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);

        var problems = new List<Problem>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(Problem.Invalid("name", "A project needs a name."));
        }
        else if (name.Length > 200)
        {
            problems.Add(Problem.Invalid("name", "A project name can be at most 200 characters."));
        }

        var task = ProjectTask.Classification;
        if (request.Task is not null && !ProjectTaskNames.TryParse(request.Task, out task))
        {
            problems.Add(Problem.Invalid("task", $"Unknown task '{request.Task}'; expected 'classification' or 'span-tagging'."));
        }

        var labels = LabelRules.Build(request.Labels);
        problems.AddRange(labels.Problems);

        if (request.Guidelines is { Length: > 200_000 })
        {
            problems.Add(Problem.Invalid("guidelines", "Guidelines can be at most 200,000 characters."));
        }

        var encoder = request.Encoder is null ? Outcome<string>.Success(Tagloop.Learning.Encoders.TextEncoderCatalog.Default) : ProjectEncoder.Parse(request.Encoder);
        problems.AddRange(encoder.Problems);

        if (problems.Count > 0)
        {
            return Outcome<Project>.Failure(problems);
        }

        if (await db.Projects.AnyAsync(p => p.Name == name, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict($"A project named '{name}' already exists.", "name");
        }

        var project = new Project
        {
            Name = name,
            Task = task,
            MultiLabel = request.MultiLabel,
            Guidelines = request.Guidelines?.Trim() ?? "",
            CreatedAt = time.GetUtcNow(),
            Labels = labels.Value!,
            Encoder = encoder.Value!,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return project;
    }
}
