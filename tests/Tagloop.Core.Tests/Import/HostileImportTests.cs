using System.Text;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

/// <summary>Lines that would poison a project once stored: each is refused at the door, naming its line and field.</summary>
public class HostileImportTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Theory]
    [InlineData("{\"text\": \"fine\", \"meta\": {\"x\": \"\\ud800\"}}", "meta.x", "unpaired surrogate")]
    [InlineData("{\"text\": \"he\\ud800llo\"}", "text", "unpaired surrogate")]
    [InlineData("{\"text\": \"lone low \\udc00\"}", "text", "unpaired surrogate")]
    [InlineData("{\"text\": \"swapped \\udc00\\ud800\"}", "text", "unpaired surrogate")]
    [InlineData("{\"text\": \"nul \\u0000 here\"}", "text", "NUL character")]
    [InlineData("{\"text\": \"fine\", \"meta\": {\"deep\": [1, {\"y\": \"\\u0000\"}]}}", "meta.deep[1].y", "NUL character")]
    [InlineData("{\"text\": \"fine\", \"meta\": {\"\\ud800\": 1}}", "field name in meta", "unpaired surrogate")]
    [InlineData("{\"text\": \"fine\", \"label\": \"sp\\u0000am\"}", "label", "NUL character")]
    public async Task Jsonl_escapes_that_make_invalid_text_reject_the_line_naming_the_field(string line, string field, string problem)
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"good one\"}\n" + line + "\n", ImportFormat.Jsonl)).Imported();

        Assert.True(result.Rejected);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task Prodigy_labels_with_invalid_escapes_are_refused_not_thrown()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, """
            {"text": "a", "label": "\ud800", "answer": "accept"}
            {"text": "b", "options": [{"id": "\udfff", "text": "x"}], "accept": ["\udfff"]}
            {"text": "c", "answer": "acc\u0000ept"}
            """, ImportFormat.Prodigy, skipInvalid: true)).Imported();

        Assert.Equal([1L, 2L, 3L], result.Errors.Select(e => e.Line));
        Assert.Equal(0, result.Imported);
    }

    [Fact]
    public async Task A_valid_surrogate_pair_imports_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"smile \\ud83d\\ude00\", \"meta\": {\"e\": \"\\ud83d\\ude00\"}}\n", ImportFormat.Jsonl)).Imported();

        Assert.Equal(1, result.Imported);
        var document = await database.NewContext().Documents.SingleAsync();
        Assert.Equal("smile \U0001F600", document.Text);
    }

    [Fact]
    public async Task A_nul_byte_in_a_plain_text_line_rejects_the_line_naming_its_position()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "first\nsec\0ond\nthird\n", ImportFormat.Text)).Imported();

        Assert.True(result.Rejected);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("NUL character (U+0000) at character 4", error.Message, StringComparison.Ordinal);

        var skipped = (await database.ImportAsync(project.Id, "first\nsec\0ond\nthird\n", ImportFormat.Text, skipInvalid: true)).Imported();
        Assert.Equal(2, skipped.Imported);
        Assert.DoesNotContain(await database.NewContext().Documents.Select(d => d.Text).ToListAsync(), t => t.Contains('\0', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nul_in_a_csv_field_or_header_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var field = (await database.ImportAsync(project.Id, "text,source\nhello,we\0b\nbye,mail\n", ImportFormat.Csv)).Imported();
        Assert.True(field.Rejected);
        Assert.Contains("meta.source", Assert.Single(field.Errors).Message, StringComparison.Ordinal);

        var header = (await database.ImportAsync(project.Id, "text,so\0urce\nhello,web\n", ImportFormat.Csv)).Imported();
        Assert.True(header.Rejected);
        Assert.Contains("field name in meta", Assert.Single(header.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one\rtwo\rthree\r", ImportFormat.Text)]
    [InlineData("one\rtwo\r\nthree", ImportFormat.Text)]
    [InlineData("{\"text\":\"one\"}\r{\"text\":\"two\"}\r{\"text\":\"three\"}", ImportFormat.Jsonl)]
    [InlineData("text\rone\rtwo\r\"three\"\r", ImportFormat.Csv)]
    public async Task Files_whose_lines_end_with_a_lone_carriage_return_import_line_by_line(string content, ImportFormat format)
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, content, format)).Imported();

        Assert.Equal(3, result.Imported);
        Assert.Equal(["one", "three", "two"], await database.NewContext().Documents.Select(d => d.Text).OrderBy(t => t).ToListAsync());
    }

    [Fact]
    public async Task A_carriage_return_pair_split_across_reads_still_counts_as_one_line_end()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var first = new string('a', (64 * 1024) - 1);
        var result = (await database.ImportAsync(project.Id, first + "\r\nsecond\r\nthird", ImportFormat.Text)).Imported();

        Assert.Equal(3, result.Imported);
        Assert.Equal(0, result.Skipped);
    }

    [Fact]
    public async Task Metadata_over_the_limit_is_refused_naming_the_size()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var line = "{\"text\": \"big meta\", \"meta\": {\"blob\": \"" + new string('x', 300 * 1024) + "\"}}\n";
        var result = (await database.ImportAsync(project.Id, Encoding.UTF8.GetBytes(line), ImportFormat.Jsonl)).Imported();

        Assert.True(result.Rejected);
        Assert.Contains("over the 256 KB limit", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_unknown_label_is_quoted_short_in_the_message()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var label = new string('z', 50_000);
        var result = (await database.ImportAsync(project.Id, "{\"text\": \"a\", \"label\": \"" + label + "\"}\n", ImportFormat.Jsonl)).Imported();

        Assert.True(Assert.Single(result.Errors).Message.Length < 400);
    }
}
