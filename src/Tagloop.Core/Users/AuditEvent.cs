namespace Tagloop.Core.Users;

/// <summary>One line of the audit trail: sign-ins (and failed ones), account and role changes, token use — who, when, from where.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened, in kebab case: <c>sign-in</c>, <c>sign-in-failed</c>, <c>role-set</c>, <c>token-used</c>, …</summary>
    public required string Action { get; set; }

    /// <summary>Who did it (a user's name, or the name someone tried to sign in as); null for the command line.</summary>
    public string? Actor { get; set; }

    public int? ProjectId { get; set; }

    /// <summary>What it was done to, in words.</summary>
    public string? Detail { get; set; }

    /// <summary>The client's address, or <c>cli</c> for the command line.</summary>
    public string? RemoteAddress { get; set; }
}
