using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;

namespace Tagloop.Core.Export;

/// <summary>
/// Reads a project's current answers in document order, a chunk at a time (keyset paging), so an export of
/// any size streams with bounded memory and no long-held read transaction.
/// </summary>
internal sealed class ExportRowReader(TagloopDbContext db)
{
    private const int ChunkSize = 1000;

    public async IAsyncEnumerable<ExportRow> ReadAsync(int projectId, IReadOnlyList<Taxonomy.Label> taxonomy, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var labelOrder = taxonomy.ToDictionary(l => l.Id, l => (l.Name, l.Order));
        long afterDocument = -1;
        long afterAnnotation = -1;
        while (true)
        {
            var chunk = await db.Annotations.AsNoTracking()
                .Where(a => a.ProjectId == projectId && a.IsCurrent)
                .Where(a => a.DocumentId > afterDocument || (a.DocumentId == afterDocument && a.Id > afterAnnotation))
                .OrderBy(a => a.DocumentId).ThenBy(a => a.Id)
                .Take(ChunkSize)
                .Join(db.Documents, a => a.DocumentId, d => d.Id, (a, d) => new
                {
                    a.Id,
                    a.DocumentId,
                    d.Text,
                    d.MetaJson,
                    a.Author,
                    a.Source,
                    a.Kind,
                    a.CreatedAt,
                    a.SecondsSpent,
                    a.Flagged,
                    a.FlagNote,
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                yield break;
            }

            var ids = chunk.Select(c => c.Id).ToList();
            var labels = (await db.AnnotationLabels.AsNoTracking().Where(l => ids.Contains(l.AnnotationId))
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(l => l.AnnotationId, l => l.LabelId);
            foreach (var c in chunk)
            {
                yield return new ExportRow(
                    c.Id, c.DocumentId, c.Text, c.MetaJson,
                    [.. labels[c.Id].Select(id => labelOrder[id]).OrderBy(l => l.Order).Select(l => l.Name)],
                    c.Author, c.Source, c.Kind == AnnotationKind.Skip, c.CreatedAt, c.SecondsSpent, c.Flagged, c.FlagNote);
                afterDocument = c.DocumentId;
                afterAnnotation = c.Id;
            }
        }
    }
}
