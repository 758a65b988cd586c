using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tagloop.Server.Tests.Review;

/// <summary><c>tagloop export --rows documents</c>: one row per answered document with its final label.</summary>
public sealed class ExportRowsCommandTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("tagloop-export-rows-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public async Task The_command_line_writes_a_row_per_document_with_its_final_label()
    {
        var file = Path.Combine(dataDir, "mails.jsonl");
        await File.WriteAllTextAsync(file, "{\"text\": \"win a prize\", \"label\": \"spam\"}\n{\"text\": \"see you at lunch\", \"label\": \"ham\"}\n{\"text\": \"no label yet\"}\n");
        Assert.Equal(0, (await ServeProcess.RunAsync("projects", "create", "Mail", "--label", "spam", "--label", "ham", "--encoder", "tfidf", "--data-dir", dataDir)).ExitCode);
        Assert.Equal(0, (await ServeProcess.RunAsync("import", "--project", "Mail", file, "--data-dir", dataDir)).ExitCode);

        var (code, output, error) = await ServeProcess.RunAsync("export", "--project", "Mail", "--rows", "documents", "--data-dir", dataDir);
        Assert.True(code == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["spam", "ham"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.Equal(("single", 1), (r.GetProperty("decidedBy").GetString(), r.GetProperty("answers").GetInt32())));

        (code, _, error) = await ServeProcess.RunAsync("export", "--project", "Mail", "--rows", "pages", "--data-dir", dataDir);
        Assert.Equal(1, code);
        Assert.StartsWith("error: --rows: 'pages' is not a choice", error.Trim(), StringComparison.Ordinal);
        (code, _, error) = await ServeProcess.RunAsync("export", "--project", "Mail", "--rows", "documents", "--format", "prodigy", "--data-dir", dataDir);
        Assert.Equal(1, code);
        Assert.Contains("jsonl or csv", error, StringComparison.Ordinal);
    }
}
