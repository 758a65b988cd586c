using Microsoft.Data.Sqlite;

namespace Tagloop.Server.Tests;

/// <summary>Two real <c>tagloop serve</c> processes on one data folder: the second refuses, and a killed first leaves no stale lock.</summary>
public sealed class OneServerPerFolderTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-lock-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task A_second_server_on_the_same_folder_refuses_in_one_line_and_a_killed_server_leaves_no_lock()
    {
        using (var first = await ServeProcess.StartAsync(dataDir, ServeProcess.FreePort()))
        {
            var (exitCode, output, error) = await ServeProcess.RunAsync(
                "serve", "--port", ServeProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, "--no-word-vectors");

            Assert.NotEqual(0, exitCode);
            Assert.DoesNotContain("running at", output, StringComparison.Ordinal);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var line = Assert.Single(lines);
            Assert.Equal($"error: another Tagloop server is using {dataDir} (pid {first.Id}); stop it, or pass --data-dir for another folder", line);
            Assert.False(first.HasExited, "the first server stopped");

            // SIGKILL: no shutdown code runs, so only the operating system can let go of the lock.
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        using var again = await ServeProcess.StartAsync(dataDir, ServeProcess.FreePort());
        Assert.False(again.HasExited);
        again.Kill(entireProcessTree: true);
        await again.WaitForExitAsync();
    }

    [Fact]
    public async Task Servers_on_different_folders_run_side_by_side()
    {
        var other = Directory.CreateTempSubdirectory("tagloop-lock-other-").FullName;
        try
        {
            using var first = await ServeProcess.StartAsync(dataDir, ServeProcess.FreePort());
            using var second = await ServeProcess.StartAsync(other, ServeProcess.FreePort());
            Assert.False(first.HasExited);
            Assert.False(second.HasExited);
            first.Kill(entireProcessTree: true);
            second.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            await second.WaitForExitAsync();
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }
}
