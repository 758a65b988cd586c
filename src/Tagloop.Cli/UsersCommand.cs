using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tagloop.Core.Users;
using Tagloop.Server.Accounts;

namespace Tagloop.Cli;

/// <summary>
/// <c>tagloop users add|passwd|list|disable|enable</c>. The first user turns accounts on: from then on every request to
/// the server must sign in. These commands may run beside a live server; it sees the change at its next request.
/// </summary>
internal static class UsersCommand
{
    public static Command Create() => new("users", "Manage accounts: the first user added turns sign-in on")
    {
        Add(),
        Passwd(),
        List(),
        Disable(),
        Enable(),
    };

    private static Argument<string> NameArgument() => new("name") { Description = "The user's name (letters, digits, spaces and . - _ @)" };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Read the password from standard input (its first line); without it a password is generated, printed once and must be changed at first sign-in",
    };

    private static Command Add()
    {
        var name = NameArgument();
        var admin = new Option<bool>("--admin") { Description = "Make the user a site administrator (the first user always is one)" };
        var stdin = PasswordStdinOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("add", "Add a user; the first one turns accounts on and is an administrator") { name, admin, stdin, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var password = result.GetValue(stdin) ? await ReadPasswordAsync(ct).ConfigureAwait(false) : null;
            if (result.GetValue(stdin) && password is null)
            {
                await Console.Error.WriteLineAsync("error: --password-stdin: standard input is empty; pipe the password in, e.g. 'printf %s \"$PASSWORD\" | tagloop users add NAME --password-stdin'.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var first = !await UserAccounts.OnAsync(storage.Db, ct).ConfigureAwait(false);
            var outcome = await UserAccounts.AddAsync(storage.Db, result.GetValue(name), password, result.GetValue(admin), null, "cli", TimeProvider.System, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, added =>
                $"Added {added.User.Name}{(added.User.IsAdmin ? ", a site administrator" : "")}."
                + (added.GeneratedPassword is { } generated ? $"\nPassword (shown once; it must be changed at first sign-in): {generated}" : "")
                + (first ? "\nAccounts are now on: every page and API call needs a sign-in or a token (the X-Tagloop-Annotator header is ignored)." : ""));
        });
        return command;
    }

    private static Command Passwd()
    {
        var name = NameArgument();
        var stdin = PasswordStdinOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("passwd", "Set a user's password (their sessions end)") { name, stdin, dataDir };
        command.SetAction(async (result, ct) =>
        {
            var password = result.GetValue(stdin) ? await ReadPasswordAsync(ct).ConfigureAwait(false) : null;
            if (result.GetValue(stdin) && password is null)
            {
                await Console.Error.WriteLineAsync("error: --password-stdin: standard input is empty; pipe the password in.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var outcome = await UserAccounts.SetPasswordAsync(storage.Db, result.GetValue(name)!, password, null, "cli", TimeProvider.System, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, changed =>
                $"Set {changed.User.Name}'s password; their sessions have ended."
                + (changed.GeneratedPassword is { } generated ? $"\nPassword (shown once; it must be changed at first sign-in): {generated}" : ""));
        });
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's user objects), for scripts" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List users") { json, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var users = await storage.Db.Users.AsNoTracking().OrderBy(u => u.NormalizedName).ToListAsync(ct).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(users.Select(UserDto.From));
                return 0;
            }

            if (users.Count == 0)
            {
                Console.WriteLine("No users: accounts are off, and the server serves this machine's single user without sign-in. Add one with 'tagloop users add NAME'.");
                return 0;
            }

            var table = new Table().AddColumns("name", "administrator", "state", "added");
            foreach (var u in users)
            {
                table.AddRow(Markup.Escape(u.Name), u.IsAdmin ? "yes" : "", u.IsDisabled ? "disabled" : u.MustChangePassword ? "must change password" : "active",
                    u.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Disable() => Switch("disable", "Disable a user: their sessions end and their tokens stop working; their answers stay", disabled: true);

    private static Command Enable() => Switch("enable", "Enable a disabled user again", disabled: false);

    private static Command Switch(string verb, string description, bool disabled)
    {
        var name = NameArgument();
        var dataDir = CommonOptions.DataDir();
        var command = new Command(verb, description) { name, dataDir };
        command.SetAction(async (result, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            var outcome = await UserAccounts.SetDisabledAsync(storage.Db, result.GetValue(name)!, disabled, null, "cli", TimeProvider.System, ct).ConfigureAwait(false);
            return CliOutput.Said(outcome, u => disabled ? $"Disabled {u.Name}." : $"Enabled {u.Name}.");
        });
        return command;
    }

    /// <summary>The first line of standard input without its line ending, or null when there is none.</summary>
    private static async Task<string?> ReadPasswordAsync(CancellationToken cancellationToken)
    {
        var line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(line) ? null : line;
    }
}
