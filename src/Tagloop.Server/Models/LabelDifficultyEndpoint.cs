using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Training;
using Tagloop.Core.Training.Difficulty;
using Tagloop.Core.Users;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Models;

/// <summary>How hard each label is for the project's model, and whether the task looks learnable (issue 13).</summary>
public static class LabelDifficultyEndpoint
{
    public static void MapLabelDifficulty(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/model/labels", async (int id, TagloopDbContext db, ModelRegistry models, CancellationToken ct) =>
        {
            var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct).ConfigureAwait(false);
            if (project is null)
            {
                return ProjectLookup.NotFound(id);
            }

            var rows = await db.TrainingRuns.AsNoTracking()
                .Where(r => r.ProjectId == id && r.Status == TrainingRunStatus.Succeeded && r.EvaluationJson != null)
                .OrderBy(r => r.Id).Select(r => new { r.Labels, r.EvaluationJson }).ToListAsync(ct).ConfigureAwait(false);
            var history = rows.Select(r => EvaluatedRun.Read(r.Labels, r.EvaluationJson)).OfType<EvaluatedRun>().ToList();

            // The figures /model shows: the current model's evaluation; after a restart, before it is evaluated again, the last recorded one.
            var latest = models.Current(id) is { Evaluation: { } evaluation, EvaluatedLabels: { } labels } model
                ? EvaluatedRun.From(labels, model.Classes, evaluation)
                : history.LastOrDefault();
            return TypedResults.Ok(LabelDifficulty.Assess(latest, history, project.Strategy == "random"));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetLabelDifficulty")
        .WithSummary("How hard each label is for the model (its cross-validated F1 as the labels grew, the label it is most often mistaken for, a note when it is too rare, hard, or hard to tell from another) and, from 20 labels, whether the task looks learnable.")
        .Produces<LabelDifficultyReport>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
