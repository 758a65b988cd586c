using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Users;

namespace Tagloop.Core.Review;

/// <summary>
/// Comment threads on documents. <c>@name</c> mentions a person: with accounts on, a user (matched whatever the case,
/// and written as their name); without, anyone who has annotated in the project.
/// </summary>
public static partial class Comments
{
    public const int MaxLength = 4000;

    public static async Task<Outcome<Comment>> AddAsync(TagloopDbContext db, int projectId, long documentId, string? text, string author, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var body = text?.Trim() ?? "";
        if (body.Length == 0)
        {
            return Problem.Invalid("text", "A comment needs some text.");
        }

        if (body.Length > MaxLength)
        {
            return Problem.Invalid("text", $"The comment has {body.Length} characters; at most {MaxLength} are kept.");
        }

        if (!await db.Documents.AnyAsync(d => d.Id == documentId && d.ProjectId == projectId, cancellationToken).ConfigureAwait(false))
        {
            return Problem.NotFound($"Project {projectId} has no document {documentId}.");
        }

        var comment = new Comment
        {
            ProjectId = projectId,
            DocumentId = documentId,
            Author = author,
            Text = body,
            CreatedAt = time.GetUtcNow(),
            Mentions = string.Join('\n', await MentionedAsync(db, projectId, body, cancellationToken).ConfigureAwait(false)),
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return comment;
    }

    public static IReadOnlyList<string> MentionsOf(Comment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return comment.Mentions.Length == 0 ? [] : comment.Mentions.Split('\n');
    }

    private static async Task<List<string>> MentionedAsync(TagloopDbContext db, int projectId, string text, CancellationToken cancellationToken)
    {
        var handles = Handle().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', '-', '_')).Where(h => h.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(20).ToList();
        if (handles.Count == 0)
        {
            return [];
        }

        IEnumerable<string> people = await UserAccounts.OnAsync(db, cancellationToken).ConfigureAwait(false)
            ? await db.Users.Select(u => u.Name).ToListAsync(cancellationToken).ConfigureAwait(false)
            : await db.Annotations.Where(a => a.ProjectId == projectId).Select(a => a.Author).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byName = people.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return [.. handles.Where(byName.ContainsKey).Select(h => byName[h])];
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])@([\p{L}\p{N}][\p{L}\p{N}._@-]*)")]
    private static partial Regex Handle();
}
