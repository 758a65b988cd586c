using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;

namespace Tagloop.Core.Documents;

/// <summary>Lists a project's documents with filters, text search and paging.</summary>
public sealed class DocumentBrowser(TagloopDbContext db)
{
    public const int PreviewLength = 400;
    public const int MaxPageSize = 200;

    /// <summary>
    /// A page of documents. With <paramref name="onlyAuthor"/> set (an annotator, who answers independently of the others),
    /// only that person's answers count, in the filters and in what the page shows.
    /// </summary>
    public async Task<Outcome<DocumentPage>> BrowseAsync(int projectId, DocumentFilter filter, string? search, int page, int pageSize, string? onlyAuthor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (page < 1)
        {
            return Problem.Invalid("page", $"page starts at 1; got {page}.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            return Problem.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}; got {pageSize}.");
        }

        var project = await db.Projects.AsNoTracking().Include(p => p.Labels)
            .FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        var selected = Select(project, filter, search, onlyAuthor);
        if (!selected.Succeeded)
        {
            return Outcome<DocumentPage>.Failure(selected.Problems);
        }

        var documents = selected.Value!;
        var current = Current(projectId, onlyAuthor);
        var total = await documents.CountAsync(cancellationToken).ConfigureAwait(false);

        // In 64 bits: page 2,147,483,647 of 50 is far past the end (an empty page), not an overflow back to page 1.
        var skip = (long)(page - 1) * pageSize;
        var rows = await documents.OrderBy(d => d.Id)
            .Skip(skip >= total ? total : (int)skip).Take(skip >= total ? 0 : pageSize)
            .Select(d => new { d.Id, Preview = d.Text.Substring(0, PreviewLength + 1), d.MetaJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var ids = rows.Select(r => r.Id).ToList();
        var answers = await current.AsNoTracking().Where(a => ids.Contains(a.DocumentId))
            .Select(a => new { a.DocumentId, a.Author, a.Kind, a.Flagged, a.CreatedAt, LabelIds = a.Labels.Select(l => l.LabelId).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var labelNames = project.Labels.ToDictionary(l => l.Id, l => l.Name);
        var byDocument = answers.ToLookup(a => a.DocumentId);

        var items = rows.Select(r =>
        {
            var mine = byDocument[r.Id].ToList();
            return new DocumentSummary(
                r.Id,
                Preview(r.Preview),
                r.Preview.Length > PreviewLength,
                r.MetaJson,
                [.. mine.Where(a => a.Kind == AnnotationKind.Answer).SelectMany(a => a.LabelIds).Distinct().Select(id => labelNames[id])],
                [.. mine.Select(a => a.Author).Distinct()],
                mine.Any(a => a.Flagged),
                mine.Any(a => a.Kind == AnnotationKind.Skip),
                mine.Count == 0 ? null : mine.Max(a => a.CreatedAt));
        }).ToList();
        return new DocumentPage(items, total, page, pageSize);
    }

    /// <summary>The project's documents a filter and a text search select (not yet ordered or paged), or why the filter is wrong.</summary>
    public Outcome<IQueryable<Document>> Select(Project project, DocumentFilter filter, string? search, string? onlyAuthor = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(filter);
        var projectId = project.Id;
        var current = Current(projectId, onlyAuthor);
        var documents = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId);
        switch (filter.Kind)
        {
            case DocumentFilterKind.Unlabelled:
                documents = documents.Where(d => !current.Any(a => a.DocumentId == d.Id && a.Kind == AnnotationKind.Answer));
                break;
            case DocumentFilterKind.Labelled:
                documents = documents.Where(d => current.Any(a => a.DocumentId == d.Id && a.Kind == AnnotationKind.Answer));
                break;
            case DocumentFilterKind.Flagged:
                documents = documents.Where(d => current.Any(a => a.DocumentId == d.Id && a.Flagged));
                break;
            case DocumentFilterKind.Skipped:
                documents = documents.Where(d => current.Any(a => a.DocumentId == d.Id && a.Kind == AnnotationKind.Skip));
                break;
            case DocumentFilterKind.Label:
                var label = project.Labels.FirstOrDefault(l => string.Equals(l.Name, filter.Label, StringComparison.OrdinalIgnoreCase));
                if (label is null)
                {
                    return Problem.Invalid("filter", $"Unknown label '{filter.Label}'; this project's labels are {string.Join(", ", project.Labels.Select(l => l.Name))}.");
                }

                documents = documents.Where(d => current.Any(a => a.DocumentId == d.Id && a.Kind == AnnotationKind.Answer && a.Labels.Any(l => l.LabelId == label.Id)));
                break;
            case DocumentFilterKind.Suspect:
                if (filter.Documents is not { } suspects)
                {
                    return Problem.Invalid("filter", "Likely mislabels come from the running server's model: use the filter in the web page or the API.");
                }

                var suspectIds = suspects.ToList();
                documents = documents.Where(d => suspectIds.Contains(d.Id));
                break;
            case DocumentFilterKind.All:
            default:
                break;
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            // ASCII letters match whatever their case and every other character only itself, on every provider: SQLite's
            // lower() folds ASCII only, and so does PostgreSQL's under the "C" collation its text columns have.
            var needle = AsciiLower(search.Trim());
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL's lower(), which takes no culture
            documents = documents.Where(d => d.Text.ToLower().Contains(needle));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return Outcome<IQueryable<Document>>.Success(documents);
    }

    private IQueryable<Annotation> Current(int projectId, string? onlyAuthor) =>
        onlyAuthor is null
            ? db.Annotations.Where(a => a.ProjectId == projectId && a.IsCurrent)
            : db.Annotations.Where(a => a.ProjectId == projectId && a.IsCurrent && a.Author == onlyAuthor);

    private static string AsciiLower(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + ('a' - 'A')) : source[i];
        }
    });

    /// <summary>
    /// The first <see cref="PreviewLength"/> UTF-16 units, one fewer when the cut would split a surrogate pair: the
    /// database cuts by characters (code points), so an emoji can straddle the limit.
    /// </summary>
    private static string Preview(string text)
    {
        if (text.Length <= PreviewLength)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength;
        return text[..length];
    }
}
