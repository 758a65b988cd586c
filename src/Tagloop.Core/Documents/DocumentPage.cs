namespace Tagloop.Core.Documents;

/// <summary>A page of browse results.</summary>
public sealed record DocumentPage(IReadOnlyList<DocumentSummary> Items, int Total, int Page, int PageSize);
