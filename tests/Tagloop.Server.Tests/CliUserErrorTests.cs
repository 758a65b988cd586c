using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Tagloop.Server.Tests;

/// <summary>The real <c>tagloop</c> command given what a person gets wrong: one line naming the flag, a non-zero exit, never a stack trace.</summary>
public sealed class CliUserErrorTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task Serving_on_a_port_in_use_is_one_line_naming_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var (exitCode, output, error) = await ServeProcess.RunAsync("serve", "--port", port, "--data-dir", dataDir);
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("running at", output, StringComparison.Ordinal);
        Assert.Equal($"error: --port {port}: another program is already listening on 127.0.0.1:{port}. Stop it, or choose another port with --port.", OneLine(error));
    }

    [Theory]
    [InlineData("--host", "0.0.0.0", "error: --host 0.0.0.0: Tagloop listens on loopback only")]
    [InlineData("--port", "70000", "error: --port 70000 is not a TCP port (0–65535).")]
    public async Task A_host_beyond_loopback_or_a_port_out_of_range_is_one_line(string flag, string value, string expected)
    {
        var (exitCode, _, error) = await ServeProcess.RunAsync("serve", flag, value, "--data-dir", dataDir);
        Assert.Equal(1, exitCode);
        Assert.StartsWith(expected, OneLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_and_export_mistakes_name_the_flag_not_the_api_field()
    {
        var csv = Path.Combine(dataDir, "tickets.csv");
        await File.WriteAllTextAsync(csv, "ticket_id,owner\n1,ana\n");
        using (var server = new TagloopApp())
        {
            // The project is made through the API on a folder of its own, then imported into by the CLI there.
            await server.CreateProjectAsync("Tickets");
            foreach (var file in Directory.GetFiles(server.DataDir, "tagloop.db*"))
            {
                File.Copy(file, Path.Combine(dataDir, Path.GetFileName(file)));
            }
        }

        var (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --text-column: The CSV has no column named 'text', 'body'", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv, "--label-column", "nope");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --text-column:", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv, "--text-column", "owner", "--label-column", "nope");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --label-column: The CSV has no label column 'nope'", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("export", "--project", "Tickets", "--data-dir", dataDir, "--out", Path.Combine(dataDir, "missing", "x.csv"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --out:", OneLine(error), StringComparison.Ordinal);
    }

    private static string OneLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }
}
