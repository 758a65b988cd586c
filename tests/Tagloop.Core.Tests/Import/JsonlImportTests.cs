using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

public class JsonlImportTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task Jsonl_lines_become_documents_with_metadata_and_labels_become_annotations_by_the_source()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, """
            {"text": "Win a free cruise!", "meta": {"from": "x@example.org", "score": 3}, "label": "spam"}
            {"text": "Lunch at noon?"}

            {"text": "Minutes of the meeting", "label": ["ham"]}
            """, ImportFormat.Jsonl)).Imported();

        Assert.Equal(3, result.Imported);
        Assert.Equal(2, result.Labelled);
        Assert.Equal(1, result.Skipped);
        var db = database.NewContext();
        var cruise = await db.Documents.SingleAsync(d => d.Text == "Win a free cruise!");
        using var meta = JsonDocument.Parse(cruise.MetaJson!);
        Assert.Equal("x@example.org", meta.RootElement.GetProperty("from").GetString());
        Assert.Equal(3, meta.RootElement.GetProperty("score").GetInt32());
        var annotation = await db.Annotations.Include(a => a.Labels).SingleAsync(a => a.DocumentId == cruise.Id);
        Assert.Equal("seed", annotation.Author);
        Assert.Equal("import:seed", annotation.Source);
        Assert.Equal(project.Labels.Single(l => l.Name == "spam").Id, Assert.Single(annotation.Labels).LabelId);
        Assert.Null((await db.Documents.SingleAsync(d => d.Text == "Lunch at noon?")).MetaJson);
    }

    [Fact]
    public async Task A_json_line_that_is_an_array_rejects_the_file_naming_the_line_and_nothing_is_imported()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"fine\"}\n[\"text\", \"oops\"]\n{\"text\": \"also fine\"}\n", ImportFormat.Jsonl)).Imported();

        Assert.True(result.Rejected);
        Assert.Equal(0, result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("array", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
    }

    [Theory]
    [InlineData("{\"text\": 5}", "must be a string")]
    [InlineData("{\"txt\": \"typo\"}", "no \"text\" field")]
    [InlineData("{\"text\": \"  \"}", "empty")]
    [InlineData("{\"text\": \"a\", \"meta\": [1]}", "\"meta\" must be an object")]
    [InlineData("{\"text\": \"a\", \"label\": 7}", "label name or a list")]
    [InlineData("{\"text\": \"a\", \"label\": \"eggs\"}", "unknown label 'eggs'; this project's labels are spam, ham")]
    [InlineData("{\"text\": \"a\", \"label\": [\"spam\", \"ham\"]}", "one label per document")]
    [InlineData("{\"text\": \"unterminated}", "not valid JSON")]
    [InlineData("42", "found a number")]
    public async Task Each_kind_of_bad_line_gets_a_message_saying_what_is_wrong(string line, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"good\"}\n" + line + "\n", ImportFormat.Jsonl)).Imported();
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(result.Rejected);
    }

    [Fact]
    public async Task Bad_utf8_is_reported_with_its_line_and_byte()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        byte[] content = [.. "{\"text\": \"good\"}\n{\"text\": \"caf"u8, 0xE9, .. "\"}\n"u8];
        var result = (await database.ImportAsync(project.Id, content, ImportFormat.Jsonl)).Imported();
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_invalid_imports_the_valid_lines_and_reports_the_rest()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"one\"}\n[]\n{\"text\": \"two\"}\nnot json\n", ImportFormat.Jsonl, skipInvalid: true)).Imported();

        Assert.False(result.Rejected);
        Assert.Equal(2, result.Imported);
        Assert.Equal(2, result.ErrorCount);
        Assert.Equal([2L, 4L], result.Errors.Select(e => e.Line));
        Assert.Equal(2, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task Errors_are_listed_up_to_the_cap_but_all_are_counted()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var content = string.Concat(Enumerable.Repeat("[]\n", 250));
        var result = (await database.ImportAsync(project.Id, content, ImportFormat.Jsonl)).Imported();
        Assert.Equal(100, result.Errors.Count);
        Assert.Equal(250, result.ErrorCount);
    }

    [Fact]
    public async Task Duplicates_within_the_file_and_against_earlier_imports_are_skipped_and_counted()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        (await database.ImportAsync(project.Id, "{\"text\": \"first\"}\n", ImportFormat.Jsonl)).Imported();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"first\"}\n{\"text\": \"second\"}\n{\"text\": \"second\"}\n", ImportFormat.Jsonl)).Imported();

        Assert.Equal(1, result.Imported);
        Assert.Equal(2, result.Duplicates);
        Assert.Equal(2, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task A_document_over_the_size_limit_is_refused_with_its_size_and_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var big = new string('x', 3000);
        var result = (await database.ImportAsync(project.Id, $"{{\"text\": \"{big}\"}}\n", ImportFormat.Jsonl, maxDocumentBytes: 2048)).Imported();
        var error = Assert.Single(result.Errors);
        Assert.Contains("2.9 KB", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 KB limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDocumentBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_giant_line_is_reported_without_being_held_in_memory()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var giant = "{\"text\": \"" + new string('y', 200_000) + "\"}\n{\"text\": \"fine\"}\n";
        var result = (await database.ImportAsync(project.Id, giant, ImportFormat.Jsonl, skipInvalid: true, maxDocumentBytes: 1024)).Imported();
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Imported);
    }

    [Fact]
    public async Task An_empty_file_is_refused_as_a_whole()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var outcome = await database.ImportAsync(project.Id, "", ImportFormat.Jsonl);
        Assert.False(outcome.Succeeded);
        Assert.Contains("empty", outcome.Problems[0].Message, StringComparison.Ordinal);
        var blanks = await database.ImportAsync(project.Id, "\n\n  \n", ImportFormat.Text);
        Assert.False(blanks.Succeeded);
    }

    [Fact]
    public async Task An_unknown_project_is_not_found()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var outcome = await database.ImportAsync(4242, "{\"text\": \"x\"}", ImportFormat.Jsonl);
        Assert.Equal(Tagloop.Core.Common.ProblemKind.NotFound, Assert.Single(outcome.Problems).Kind);
    }
}
