using Tagloop.Core.Review;

namespace Tagloop.Server.Review;

/// <summary>A comment on a document, with the people it mentions.</summary>
public sealed record CommentDto(long Id, long DocumentId, string Author, string Text, DateTimeOffset CreatedAt, IReadOnlyList<string> Mentions)
{
    public static CommentDto From(Comment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new(comment.Id, comment.DocumentId, comment.Author, comment.Text, comment.CreatedAt, Comments.MentionsOf(comment));
    }
}
