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
    [InlineData("--host", "0.0.0.0", "error: --host 0.0.0.0: without accounts Tagloop listens on loopback only")]
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
        Assert.Equal(0, (await ServeProcess.RunAsync("projects", "create", "Tickets", "--label", "billing", "--label", "bug", "--encoder", "tfidf", "--data-dir", dataDir)).ExitCode);

        var (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --text-column: The CSV has no column named 'text', 'body'", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv, "--text-column", "owner", "--label-column", "nope");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --label-column: The CSV has no label column 'nope'", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv, "--format", "xml");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --format: Unknown import format 'xml'", OneLine(error), StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("export", "--project", "Tickets", "--data-dir", dataDir, "--out", Path.Combine(dataDir, "missing", "x.csv"));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: --out:", OneLine(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Projects_are_created_listed_renamed_and_deleted_from_the_command_line()
    {
        var (exitCode, output, _) = await ServeProcess.RunAsync("projects", "create", "Mail <triage>", "--label", "spam", "--label", "ham", "--encoder", "tfidf", "--guidelines", "Spam is unasked-for mail.", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("Created project 'Mail <triage>'", output, StringComparison.Ordinal);
        var csv = Path.Combine(dataDir, "mails.csv");
        await File.WriteAllTextAsync(csv, "text,label\nwin a prize,spam\nlunch at noon?,ham\nthe minutes,\n");
        Assert.Equal(0, (await ServeProcess.RunAsync("import", "--project", "Mail <triage>", "--data-dir", dataDir, csv)).ExitCode);

        // The same project objects as the API's, for scripts.
        (exitCode, output, _) = await ServeProcess.RunAsync("projects", "list", "--json", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        using (var listed = System.Text.Json.JsonDocument.Parse(output))
        {
            var project = Assert.Single(listed.RootElement.EnumerateArray());
            Assert.Equal("Mail <triage>", project.GetProperty("name").GetString());
            Assert.Equal(3, project.GetProperty("documents").GetInt32());
            Assert.Equal(["spam", "ham"], project.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
            Assert.Equal("tfidf", project.GetProperty("encoder").GetString());
        }

        (exitCode, output, _) = await ServeProcess.RunAsync("projects", "list", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("Mail <triage>", output, StringComparison.Ordinal);
        Assert.Contains("spam, ham", output, StringComparison.Ordinal);

        var (_, _, error) = await ServeProcess.RunAsync("projects", "create", "Mail <triage>", "--label", "a", "--label", "b", "--data-dir", dataDir);
        Assert.Equal("error: A project named 'Mail <triage>' already exists.", OneLine(error));
        Assert.Equal(0, (await ServeProcess.RunAsync("projects", "rename", "Mail <triage>", "Mail", "--data-dir", dataDir)).ExitCode);
        (exitCode, _, error) = await ServeProcess.RunAsync("projects", "rename", "Mail <triage>", "Other", "--data-dir", dataDir);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: there is no project named 'Mail <triage>'", OneLine(error), StringComparison.Ordinal);

        // Without --yes and without a terminal to ask on, nothing is deleted.
        (exitCode, _, error) = await ServeProcess.RunAsync("projects", "delete", "Mail", "--data-dir", dataDir);
        Assert.Equal(1, exitCode);
        Assert.Equal("error: deleting 'Mail' (3 documents, 2 answers) cannot be undone; pass --yes to delete it without being asked.", OneLine(error));

        // While a server uses the folder it is the server's to delete.
        using (var server = await ServeProcess.StartAsync(dataDir, ServeProcess.FreePort()))
        {
            (exitCode, _, error) = await ServeProcess.RunAsync("projects", "delete", "Mail", "--yes", "--data-dir", dataDir);
            Assert.Equal(1, exitCode);
            Assert.StartsWith("error: a Tagloop server is using", OneLine(error), StringComparison.Ordinal);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        (exitCode, output, _) = await ServeProcess.RunAsync("projects", "delete", "Mail", "--yes", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("Deleted 'Mail' (3 documents, 2 answers", output, StringComparison.Ordinal);
        (_, output, _) = await ServeProcess.RunAsync("projects", "list", "--json", "--data-dir", dataDir);
        Assert.Equal("[]", output.Trim());
        Assert.Empty(Directory.EnumerateFiles(dataDir, "project-1.*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Labels_imports_and_documents_are_changed_from_the_command_line()
    {
        Assert.Equal(0, (await ServeProcess.RunAsync("projects", "create", "Tickets", "--label", "billing", "--label", "bug", "--encoder", "tfidf", "--data-dir", dataDir)).ExitCode);
        var csv = Path.Combine(dataDir, "tickets.csv");
        await File.WriteAllTextAsync(csv, "text,label\nrefund please,billing\nthe invoice is wrong,billing\nthe app crashes,bug\nhello there,\n");
        var junk = Path.Combine(dataDir, "junk.txt");
        await File.WriteAllTextAsync(junk, "junk one\njunk two\n");
        Assert.Equal(0, (await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, csv)).ExitCode);
        Assert.Equal(0, (await ServeProcess.RunAsync("import", "--project", "Tickets", "--data-dir", dataDir, junk)).ExitCode);

        var (exitCode, output, error) = await ServeProcess.RunAsync("imports", "list", "Tickets", "--json", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        long junkImport;
        using (var imports = System.Text.Json.JsonDocument.Parse(output))
        {
            Assert.Equal(["junk.txt", "tickets.csv"], imports.RootElement.EnumerateArray().Select(i => i.GetProperty("fileName").GetString()));
            Assert.Equal([2, 4], imports.RootElement.EnumerateArray().Select(i => i.GetProperty("documents").GetInt32()));
            junkImport = imports.RootElement[0].GetProperty("id").GetInt64();
        }

        (exitCode, output, _) = await ServeProcess.RunAsync("imports", "delete", "Tickets", junkImport.ToString(CultureInfo.InvariantCulture), "--yes", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("its 2 document(s)", output, StringComparison.Ordinal);

        (exitCode, _, error) = await ServeProcess.RunAsync("labels", "add", "Tickets", "Billing", "--data-dir", dataDir);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: There is already a label named 'billing'", OneLine(error), StringComparison.Ordinal);
        (exitCode, _, error) = await ServeProcess.RunAsync("labels", "add", "Tickets", "feature", "--key", "g", "--data-dir", dataDir);
        Assert.StartsWith("error: --key: Key 'g' of label 'feature' is reserved", OneLine(error), StringComparison.Ordinal);
        (exitCode, output, _) = await ServeProcess.RunAsync("labels", "split", "Tickets", "billing", "--into", "refund", "--into", "invoice", "--author", "ana", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("2 documents are back at the front of the queue", output, StringComparison.Ordinal);
        (exitCode, _, error) = await ServeProcess.RunAsync("labels", "merge", "Tickets", "invoice", "--into", "nothing", "--data-dir", dataDir);
        Assert.StartsWith("error: --into: there is no label 'nothing'", OneLine(error), StringComparison.Ordinal);
        Assert.Equal(0, (await ServeProcess.RunAsync("labels", "merge", "Tickets", "invoice", "--into", "refund", "--author", "ana", "--data-dir", dataDir)).ExitCode);
        (exitCode, _, error) = await ServeProcess.RunAsync("labels", "delete", "Tickets", "bug", "--data-dir", dataDir);
        Assert.Equal("error: deleting label 'bug' cannot be undone; pass --yes to do it without being asked.", OneLine(error));

        (exitCode, output, _) = await ServeProcess.RunAsync("labels", "list", "Tickets", "--json", "--data-dir", dataDir);
        using (var labels = System.Text.Json.JsonDocument.Parse(output))
        {
            Assert.Equal(["refund", "bug"], labels.RootElement.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        }

        (exitCode, output, _) = await ServeProcess.RunAsync("labels", "history", "Tickets", "--json", "--data-dir", dataDir);
        using (var history = System.Text.Json.JsonDocument.Parse(output))
        {
            Assert.Equal(["merge", "split"], history.RootElement.EnumerateArray().Select(h => h.GetProperty("kind").GetString()));
            Assert.All(history.RootElement.EnumerateArray(), h => Assert.Equal("ana", h.GetProperty("author").GetString()));
        }

        (exitCode, _, error) = await ServeProcess.RunAsync("documents", "delete", "Tickets", "--data-dir", dataDir);
        Assert.StartsWith("error: say which documents", OneLine(error), StringComparison.Ordinal);
        (exitCode, output, _) = await ServeProcess.RunAsync("documents", "delete", "Tickets", "--search", "hello", "--yes", "--data-dir", dataDir);
        Assert.Equal(0, exitCode);
        Assert.Contains("Deleted 1 document(s)", output, StringComparison.Ordinal);

        // While a server uses the folder, changes are the server's to make.
        using (var server = await ServeProcess.StartAsync(dataDir, ServeProcess.FreePort()))
        {
            (exitCode, _, error) = await ServeProcess.RunAsync("labels", "add", "Tickets", "feature", "--data-dir", dataDir);
            Assert.Equal(1, exitCode);
            Assert.StartsWith("error: a Tagloop server is using", OneLine(error), StringComparison.Ordinal);
            (exitCode, _, error) = await ServeProcess.RunAsync("documents", "delete", "Tickets", "--id", "1", "--yes", "--data-dir", dataDir);
            Assert.StartsWith("error: a Tagloop server is using", OneLine(error), StringComparison.Ordinal);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static string OneLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }
}
