using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;

namespace Tagloop.Core.Users;

/// <summary>Adding users, their passwords, disabling them and signing them in. The CLI and the API share these rules.</summary>
public static class UserAccounts
{
    /// <summary>Whether accounts are on: once any user exists (disabled ones included), every request must sign in.</summary>
    public static Task<bool> OnAsync(TagloopDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.AnyAsync(cancellationToken);
    }

    public static Task<User?> FindAsync(TagloopDbContext db, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = Normalize(name);
        return db.Users.FirstOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
    }

    /// <summary>
    /// Adds a user with <paramref name="password"/>, or a generated one they must change at first sign-in. The first
    /// user is always an administrator, so that accounts never lock everyone out.
    /// </summary>
    public static async Task<Outcome<AddedUser>> AddAsync(
        TagloopDbContext db, string? rawName, string? password, bool admin, string? actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var name = NameOrProblem(rawName);
        if (!name.Succeeded)
        {
            return Outcome<AddedUser>.Failure(name.Problems);
        }

        var generated = password is null ? Secrets.NewPassword() : null;
        if (password is not null && PasswordRules.Check(password, name.Value!, "password") is { } problem)
        {
            return problem;
        }

        if (await FindAsync(db, name.Value!, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Problem.Conflict($"A user named '{existing.Name}' already exists.", "name");
        }

        var first = !await db.Users.AnyAsync(cancellationToken).ConfigureAwait(false);
        var user = new User
        {
            Name = name.Value!,
            NormalizedName = Normalize(name.Value!),
            PasswordHash = "",
            IsAdmin = admin || first,
            MustChangePassword = generated is not null,
            CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = PasswordRules.Hash(user, password ?? generated!);
        db.Users.Add(user);
        AuditTrail.Add(db, time, "user-added", actor, null, $"{user.Name}{(user.IsAdmin ? " (administrator)" : "")}", from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new AddedUser(user, generated);
    }

    /// <summary>
    /// Sets a user's password (an administrator's reset, or <c>tagloop users passwd</c>): a generated one when none is
    /// given, which must then be changed at sign-in. Every session of the user ends.
    /// </summary>
    public static async Task<Outcome<AddedUser>> SetPasswordAsync(
        TagloopDbContext db, string name, string? password, string? actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await FindAsync(db, name, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problem.NotFound($"There is no user named '{UnicodeText.Quote(name, 40)}'.");
        }

        var generated = password is null ? Secrets.NewPassword() : null;
        if (password is not null && PasswordRules.Check(password, user.Name, "password") is { } problem)
        {
            return problem;
        }

        user.PasswordHash = PasswordRules.Hash(user, password ?? generated!);
        user.MustChangePassword = generated is not null;
        await db.UserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        AuditTrail.Add(db, time, "password-set", actor, null, user.Name, from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new AddedUser(user, generated);
    }

    /// <summary>A user changing their own password, which needs the current one. Their other sessions end.</summary>
    public static async Task<Outcome<User>> ChangeOwnPasswordAsync(
        TagloopDbContext db, long userId, string? current, string? replacement, long? keepSessionId, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        if (!PasswordRules.Verify(user, current ?? ""))
        {
            return Problem.Invalid("current", "The current password is not right.");
        }

        if (PasswordRules.Check(replacement, user.Name, "new") is { } problem)
        {
            return problem;
        }

        if (string.Equals(current, replacement, StringComparison.Ordinal))
        {
            return Problem.Invalid("new", "The new password is the current one; choose another.");
        }

        user.PasswordHash = PasswordRules.Hash(user, replacement!);
        user.MustChangePassword = false;
        await db.UserSessions.Where(s => s.UserId == user.Id && s.Id != keepSessionId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        AuditTrail.Add(db, time, "password-changed", user.Name, null, user.Name, from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>
    /// Disables or enables a user. A disabled user's sessions end and their tokens stop working; their answers stay.
    /// The last enabled administrator cannot be disabled.
    /// </summary>
    public static async Task<Outcome<User>> SetDisabledAsync(
        TagloopDbContext db, string name, bool disabled, string? actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await FindAsync(db, name, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problem.NotFound($"There is no user named '{UnicodeText.Quote(name, 40)}'.");
        }

        if (disabled == user.IsDisabled)
        {
            return user;
        }

        if (disabled && user.IsAdmin
            && !await db.Users.AnyAsync(u => u.IsAdmin && u.DisabledAt == null && u.Id != user.Id, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict($"'{user.Name}' is the last administrator who can sign in; make another user an administrator first.");
        }

        user.DisabledAt = disabled ? time.GetUtcNow() : null;
        if (disabled)
        {
            await db.UserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        AuditTrail.Add(db, time, disabled ? "user-disabled" : "user-enabled", actor, null, user.Name, from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>Makes a user an administrator or not; the last enabled administrator stays one.</summary>
    public static async Task<Outcome<User>> SetAdminAsync(
        TagloopDbContext db, string name, bool admin, string? actor, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (await FindAsync(db, name, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return Problem.NotFound($"There is no user named '{UnicodeText.Quote(name, 40)}'.");
        }

        if (admin == user.IsAdmin)
        {
            return user;
        }

        if (!admin && !await db.Users.AnyAsync(u => u.IsAdmin && u.DisabledAt == null && u.Id != user.Id, cancellationToken).ConfigureAwait(false))
        {
            return Problem.Conflict($"'{user.Name}' is the last administrator who can sign in; make another user an administrator first.");
        }

        user.IsAdmin = admin;
        AuditTrail.Add(db, time, admin ? "admin-granted" : "admin-revoked", actor, null, user.Name, from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>
    /// Checks a name and password. Wrong name, wrong password and a disabled user all fail alike (and take alike long),
    /// so that the answer does not tell which names exist. Each attempt is audited.
    /// </summary>
    public static async Task<User?> SignInAsync(TagloopDbContext db, string? name, string? password, string? from, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var user = string.IsNullOrWhiteSpace(name) || name.Length > 100 ? null : await FindAsync(db, name, cancellationToken).ConfigureAwait(false);
        var right = PasswordRules.Verify(user, password ?? "") && user is { IsDisabled: false };
        var actor = user?.Name ?? UnicodeText.Quote(name?.Trim() ?? "", 60);
        AuditTrail.Add(db, time, right ? "sign-in" : "sign-in-failed", actor, null, right ? null : (user is null ? "unknown name" : user.IsDisabled ? "disabled user" : "wrong password"), from);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return right ? user : null;
    }

    /// <summary>User names follow the annotator-name rule, since they become the author of answers.</summary>
    public static Outcome<string> NameOrProblem(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return Problem.Invalid("name", "A user needs a name.");
        }

        return AnnotatorName.Parse(raw, "name", "User name", "");
    }

    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToUpperInvariant();
    }
}
