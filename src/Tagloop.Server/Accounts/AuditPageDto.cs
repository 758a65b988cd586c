namespace Tagloop.Server.Accounts;

/// <summary>A page of the audit trail, newest first.</summary>
public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Events, int Total, int Page, int PageSize);
