using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>The real <c>tagloop users</c> command: the first user turns accounts on; passwords from standard input or generated.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-users-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Users_are_added_listed_given_passwords_and_disabled_from_the_command_line()
    {
        var (code, output, _) = await ServeProcess.RunAsync("users", "list", "--data-dir", dataDir);
        Assert.Equal(0, code);
        Assert.Contains("accounts are off", output, StringComparison.Ordinal);

        (code, output, _) = await ServeProcess.RunWithInputAsync("a long enough secret\n", "users", "add", "ana", "--password-stdin", "--data-dir", dataDir);
        Assert.Equal(0, code);
        Assert.Contains("Added ana, a site administrator.", output, StringComparison.Ordinal);
        Assert.Contains("Accounts are now on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough secret", output, StringComparison.Ordinal);

        (code, output, _) = await ServeProcess.RunAsync("users", "add", "bo", "--data-dir", dataDir);
        Assert.Equal(0, code);
        Assert.Contains("must be changed at first sign-in", output, StringComparison.Ordinal);

        var (_, _, error) = await ServeProcess.RunWithInputAsync("short\n", "users", "add", "cy", "--password-stdin", "--data-dir", dataDir);
        Assert.StartsWith("error: password: The password has 5 characters; it needs at least 10.", error.Trim(), StringComparison.Ordinal);
        (code, _, error) = await ServeProcess.RunWithInputAsync("another long secret\n", "users", "add", "ANA", "--password-stdin", "--data-dir", dataDir);
        Assert.Equal(1, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);

        (code, _, error) = await ServeProcess.RunAsync("users", "disable", "ana", "--data-dir", dataDir);
        Assert.Equal(1, code);
        Assert.Contains("last administrator", error, StringComparison.Ordinal);
        Assert.Equal(0, (await ServeProcess.RunAsync("users", "disable", "bo", "--data-dir", dataDir)).ExitCode);
        (code, output, _) = await ServeProcess.RunWithInputAsync("bo's own new secret\n", "users", "passwd", "bo", "--password-stdin", "--data-dir", dataDir);
        Assert.Equal(0, code);
        Assert.Contains("sessions have ended", output, StringComparison.Ordinal);

        (code, output, _) = await ServeProcess.RunAsync("users", "list", "--json", "--data-dir", dataDir);
        Assert.Equal(0, code);
        var users = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!);
        Assert.Equal(["ana", "bo"], users.Keys);
        Assert.True(users["ana"].GetProperty("admin").GetBoolean());
        Assert.True(users["bo"].GetProperty("disabled").GetBoolean());
        Assert.False(users["bo"].GetProperty("mustChangePassword").GetBoolean());
        Assert.DoesNotContain("hash", output, StringComparison.OrdinalIgnoreCase);
    }
}
