namespace Tagloop.Server.Documents;

/// <summary>A page of browse rows.</summary>
public sealed record DocumentPageDto(IReadOnlyList<DocumentSummaryDto> Items, int Total, int Page, int PageSize);
