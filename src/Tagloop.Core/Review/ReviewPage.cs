namespace Tagloop.Core.Review;

/// <summary>A page of the review queue, with how many documents wait for each reason.</summary>
public sealed record ReviewPage(IReadOnlyList<ReviewItem> Items, int Total, int Page, int PageSize, IReadOnlyDictionary<string, int> Counts);
