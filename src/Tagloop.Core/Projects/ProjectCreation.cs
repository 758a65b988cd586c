using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Projects;

/// <summary>Validates and stores a new project with its taxonomy.</summary>
public static class ProjectCreation
{
    /// <summary>
    /// Creates the project; with <paramref name="ownerUserId"/>, that user becomes its owner in the same transaction, so a
    /// project never exists without the owner who made it.
    /// </summary>
    public static async Task<Outcome<Project>> CreateAsync(TagloopDbContext db, NewProject request, TimeProvider time, CancellationToken cancellationToken, long? ownerUserId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);

        var problems = new List<Problem>();
        var name = request.Name?.Trim() ?? "";
        if (NameProblem(name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        var task = ProjectTask.Classification;
        if (request.Task is not null && !ProjectTaskNames.TryParse(request.Task, out task))
        {
            problems.Add(Problem.Invalid("task", $"Unknown task '{request.Task}'; expected 'classification' or 'span-tagging'."));
        }

        if (task == ProjectTask.SpanTagging && request.MultiLabel)
        {
            problems.Add(Problem.Invalid("multiLabel", "multiLabel is for classification; a span-tagging project marks any number of entities in each document already."));
        }

        var labels = LabelRules.Build(request.Labels);
        problems.AddRange(labels.Problems);

        if (GuidelinesProblem(request.Guidelines) is { } guidelinesProblem)
        {
            problems.Add(guidelinesProblem);
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
            Strategy = task == ProjectTask.SpanTagging ? Tagloop.Learning.Spans.SentenceAcquisition.Default : Tagloop.Learning.Acquisition.AcquisitionCatalog.Default,
        };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                db.Projects.Add(project);
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                if (ownerUserId is { } userId)
                {
                    db.ProjectMembers.Add(new Users.ProjectMember { ProjectId = project.Id, UserId = userId, Role = Users.ProjectRole.Owner, AddedAt = project.CreatedAt });
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return project;
    }

    /// <summary>What is wrong with a (trimmed) project name, if anything.</summary>
    internal static Problem? NameProblem(string name) => name.Length switch
    {
        0 => Problem.Invalid("name", "A project needs a name."),
        > 200 => Problem.Invalid("name", "A project name can be at most 200 characters."),
        _ => null,
    };

    internal static Problem? GuidelinesProblem(string? guidelines) =>
        guidelines is { Length: > 200_000 } ? Problem.Invalid("guidelines", "Guidelines can be at most 200,000 characters.") : null;
}
