namespace Tagloop.Server.Accounts;

/// <summary>A line of the audit trail.</summary>
public sealed record AuditEventDto(long Id, DateTimeOffset At, string Action, string? Actor, int? ProjectId, string? Detail, string? From);
