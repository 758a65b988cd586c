namespace Tagloop.Server.Review;

/// <summary>A comment to add; <c>@name</c> in the text mentions someone.</summary>
public sealed record NewComment(string? Text);
