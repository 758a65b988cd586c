namespace Tagloop.Core.Review;

/// <summary>A remark on a document, in its thread; <see cref="Mentions"/> names the people it calls on (<c>@name</c>).</summary>
public sealed class Comment
{
    public long Id { get; set; }

    public int ProjectId { get; set; }

    public long DocumentId { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The people mentioned, as a list separated by newlines (names cannot hold one).</summary>
    public string Mentions { get; set; } = "";
}
