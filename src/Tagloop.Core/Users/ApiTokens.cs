using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>Tokens for scripts: made by a signed-in user for themselves, found by their secret, revoked by their owner or an administrator.</summary>
public static class ApiTokens
{
    public const string Prefix = "tgl_";

    private static readonly TimeSpan RecordUseEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AuditUseEvery = TimeSpan.FromHours(1);

    public static async Task<Outcome<CreatedApiToken>> CreateAsync(
        TagloopDbContext db, Caller caller, NewApiToken request, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        if (caller.UserId is not { } userId)
        {
            return Problem.Conflict("Tokens belong to a user, and this server has no accounts yet: add one with 'tagloop users add NAME'.");
        }

        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            return Problem.Invalid("name", "A token needs a name of 1 to 100 characters (no control characters) that says what uses it.");
        }

        ProjectRole? role = null;
        if (request.Role is not null)
        {
            var parsed = ProjectRoles.Parse(request.Role, "role");
            if (!parsed.Succeeded)
            {
                return Outcome<CreatedApiToken>.Failure(parsed.Problems);
            }

            role = parsed.Value;
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return Problem.Invalid("expiresAt", $"The expiry {expires:O} has already passed.");
        }

        if (request.ProjectId is { } projectId)
        {
            if (!await db.Projects.AnyAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false))
            {
                return Problem.Invalid("projectId", $"There is no project {projectId}.");
            }

            if (await ProjectAccess.RoleAsync(db, caller, projectId, cancellationToken).ConfigureAwait(false) is null)
            {
                return Problem.Invalid("projectId", $"You are not a member of project {projectId}, so a token for it could do nothing.");
            }
        }

        // A narrowed token cannot mint a wider one.
        if (caller.TokenProjectId is { } callerProject && request.ProjectId != callerProject)
        {
            return Problem.Invalid("projectId", $"This request comes with a token for project {callerProject}; it can only make tokens for that project.");
        }

        if (caller.TokenRole is { } callerRole && (role is null || role > callerRole))
        {
            return Problem.Invalid("role", $"This request comes with a token capped at {ProjectRoles.Name(callerRole)}; it can only make tokens capped as low or lower.");
        }

        var secret = Secrets.New(Prefix);
        var token = new ApiToken
        {
            UserId = userId,
            Name = name,
            Hash = Secrets.Hash(secret),
            Prefix = secret[..(Prefix.Length + 4)],
            ProjectId = request.ProjectId,
            Role = role,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt,
        };
        db.ApiTokens.Add(token);
        AuditTrail.Add(db, time, "token-created", caller.Name, request.ProjectId, $"'{name}' ({token.Prefix}…)", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new CreatedApiToken(token, secret);
    }

    /// <summary>
    /// The live token for <paramref name="secret"/> of an enabled user, or null. Use is recorded (at most once a minute)
    /// and audited when it comes from a new address or after an hour's quiet.
    /// </summary>
    public static async Task<UsedApiToken?> UseAsync(TagloopDbContext db, string secret, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrEmpty(secret) || secret.Length > 100 || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var now = time.GetUtcNow();
        var found = await db.ApiTokens.Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null || found.Token.RevokedAt is not null || found.Token.ExpiresAt <= now || found.User.IsDisabled)
        {
            return null;
        }

        var token = found.Token;
        var newPlace = !string.Equals(token.LastUsedFrom, from, StringComparison.Ordinal);
        if (token.LastUsedAt is null || newPlace || now - token.LastUsedAt >= AuditUseEvery)
        {
            AuditTrail.Add(db, time, "token-used", found.User.Name, token.ProjectId, $"'{token.Name}' ({token.Prefix}…)", from);
        }

        if (token.LastUsedAt is null || newPlace || now - token.LastUsedAt >= RecordUseEvery)
        {
            token.LastUsedAt = now;
            token.LastUsedFrom = from;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new UsedApiToken(token, found.User);
    }

    public static async Task<Outcome<ApiToken>> RevokeAsync(TagloopDbContext db, Caller caller, long id, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false);

        // Someone else's token is "not found" to anyone but an administrator: ids do not reveal what exists.
        if (token is null || (token.UserId != caller.UserId && !(caller.IsAdmin && !caller.Narrowed)))
        {
            return Problem.NotFound($"There is no token {id} of yours.");
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow();
            AuditTrail.Add(db, time, "token-revoked", caller.Name, token.ProjectId, $"'{token.Name}' ({token.Prefix}…)", from);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return token;
    }
}
