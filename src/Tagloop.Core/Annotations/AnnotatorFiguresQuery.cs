using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Training;

namespace Tagloop.Core.Annotations;

/// <summary>Per-annotator figures over people's current answers (imported labels are not a person's work).</summary>
public sealed class AnnotatorFiguresQuery(TagloopDbContext db)
{
    public async Task<Outcome<IReadOnlyList<AnnotatorFigures>>> ComputeAsync(int projectId, OutOfFold? outOfFold, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var rows = await db.Annotations.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.IsCurrent && a.Source == AnnotationSources.Human)
            .Select(a => new { a.DocumentId, a.Author, a.Kind, a.Flagged, a.SecondsSpent, a.CreatedAt, LabelIds = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Final labels reviewers decided, and who decided each.
        var finals = (await db.Adjudications.AsNoTracking().Where(a => a.ProjectId == projectId)
            .Select(a => new { a.DocumentId, a.DecidedBy, LabelIds = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(a => a.DocumentId, a => (a.DecidedBy, Labels: a.LabelIds.ToHashSet()));

        // The model's classes are the labels in the project's order, as it was trained.
        var classOf = project.Labels.OrderBy(l => l.Order).Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rowOf = new Dictionary<long, int>();
        if (outOfFold is not null && !project.MultiLabel && outOfFold.Classes == classOf.Count)
        {
            for (var r = 0; r < outOfFold.DocumentIds.Length; r++)
            {
                rowOf[outOfFold.DocumentIds[r]] = r;
            }
        }

        var figures = new List<AnnotatorFigures>();
        foreach (var person in rows.GroupBy(r => r.Author).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            var answers = person.Where(a => a.Kind == AnnotationKind.Answer).ToList();
            var skips = person.Count(a => a.Kind == AnnotationKind.Skip);
            var flags = person.Count(a => a.Flagged);
            var done = answers.Count + skips;
            var seconds = answers.Where(a => a.SecondsSpent is > 0).Select(a => a.SecondsSpent!.Value).Order().ToList();
            var compared = 0;
            var agreed = 0;
            foreach (var answer in answers)
            {
                if (answer.LabelIds.Count == 1 && rowOf.TryGetValue(answer.DocumentId, out var row) && classOf.TryGetValue(answer.LabelIds[0], out var theirs))
                {
                    compared++;
                    agreed += outOfFold!.Predicted(row) == theirs ? 1 : 0;
                }
            }

            var decided = answers.Where(a => finals.TryGetValue(a.DocumentId, out var final) && !string.Equals(final.DecidedBy, person.Key, StringComparison.Ordinal)).ToList();
            var matched = decided.Count(a => finals[a.DocumentId].Labels.SetEquals(a.LabelIds));

            figures.Add(new AnnotatorFigures(
                person.Key,
                answers.Count,
                skips,
                flags,
                done == 0 ? null : (double)skips / done,
                done == 0 ? null : (double)flags / done,
                seconds.Count == 0 ? null : Median(seconds),
                compared,
                compared == 0 ? null : (double)agreed / compared,
                person.Max(a => a.CreatedAt),
                decided.Count,
                decided.Count == 0 ? null : (double)matched / decided.Count));
        }

        return figures;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
