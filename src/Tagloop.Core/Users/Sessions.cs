using Microsoft.EntityFrameworkCore;

namespace Tagloop.Core.Users;

/// <summary>Browser sessions: started at sign-in, found by the cookie's secret, kept alive by use, ended at sign-out.</summary>
public static class Sessions
{
    /// <summary>A session unused this long ends; one in use is renewed.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromDays(14);

    private static readonly TimeSpan RenewEvery = TimeSpan.FromMinutes(5);

    /// <summary>Starts a session and returns the secret for the cookie (shown nowhere else).</summary>
    public static async Task<(UserSession Session, string Secret)> StartAsync(TagloopDbContext db, User user, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var secret = Secrets.New("");
        var session = new UserSession { UserId = user.Id, Hash = Secrets.Hash(secret), CreatedAt = now, LastSeenAt = now, ExpiresAt = now + IdleLifetime, RemoteAddress = from };
        db.UserSessions.Add(session);

        // Expired sessions of anyone go when someone signs in: no sweeper needed.
        await db.UserSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (session, secret);
    }

    /// <summary>The live session of an enabled user for <paramref name="secret"/>, renewed when due; null otherwise.</summary>
    public static async Task<SignedInSession?> FindAsync(TagloopDbContext db, string secret, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var now = time.GetUtcNow();
        var found = await db.UserSessions.Where(s => s.Hash == hash)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Session = s, User = u })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null || found.Session.ExpiresAt <= now || found.User.IsDisabled)
        {
            return null;
        }

        if (now - found.Session.LastSeenAt >= RenewEvery)
        {
            found.Session.LastSeenAt = now;
            found.Session.ExpiresAt = now + IdleLifetime;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new SignedInSession(found.Session, found.User);
    }

    public static async Task EndAsync(TagloopDbContext db, string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hash = Secrets.Hash(secret ?? "");
        await db.UserSessions.Where(s => s.Hash == hash).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
