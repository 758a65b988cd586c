namespace Tagloop.Core.Users;

/// <summary>Adds a line to the audit trail; it is saved with the change it records, in the same transaction.</summary>
public static class AuditTrail
{
    public static void Add(TagloopDbContext db, TimeProvider time, string action, string? actor, int? projectId, string? detail, string? from)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow(),
            Action = action,
            Actor = actor is null ? null : Cut(actor, 200),
            ProjectId = projectId,
            Detail = detail is null ? null : Cut(detail, 1000),
            RemoteAddress = from is null ? null : Cut(from, 100),
        });
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
