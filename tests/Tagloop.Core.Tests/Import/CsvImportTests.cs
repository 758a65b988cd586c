using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

public class CsvImportTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task The_chosen_text_column_is_the_text_and_other_columns_become_metadata()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id,
            "id,body,sender\n1,\"Hello, world\",ana\n2,\"Line one\nline two with \"\"quotes\"\"\",bob\n",
            ImportFormat.Csv, textColumn: "body")).Imported();

        Assert.Equal(2, result.Imported);
        var documents = await database.NewContext().Documents.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal("Hello, world", documents[0].Text);
        Assert.Equal("Line one\nline two with \"quotes\"", documents[1].Text);
        using var meta = JsonDocument.Parse(documents[1].MetaJson!);
        Assert.Equal("2", meta.RootElement.GetProperty("id").GetString());
        Assert.Equal("bob", meta.RootElement.GetProperty("sender").GetString());
        Assert.False(meta.RootElement.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task A_label_column_imports_labels_split_on_bars()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(multiLabel: true, "a", "b", "c");
        var result = (await database.ImportAsync(project.Id, "text,label\nfirst,a|b\nsecond,\nthird,c\n", ImportFormat.Csv)).Imported();
        Assert.Equal(3, result.Imported);
        Assert.Equal(2, result.Labelled);
        Assert.Equal(3, await database.NewContext().AnnotationLabels.CountAsync());
    }

    [Fact]
    public async Task Without_a_chosen_column_the_text_and_labels_are_found_by_the_names_the_web_page_knows()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(multiLabel: false, "billing", "bug");
        var result = (await database.ImportAsync(project.Id, "ticket_id,Body,Category\n17,My card was charged twice,billing\n18,The app crashes,bug\n", ImportFormat.Csv)).Imported();
        Assert.Equal(2, result.Imported);
        Assert.Equal(2, result.Labelled);
        var documents = await database.NewContext().Documents.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(["My card was charged twice", "The app crashes"], documents.Select(d => d.Text));
        var context = database.NewContext();
        var names = await context.AnnotationLabels.OrderBy(l => l.AnnotationId).Join(context.Labels, a => a.LabelId, l => l.Id, (_, l) => l.Name).ToListAsync();
        Assert.Equal(["billing", "bug"], names);
    }

    [Fact]
    public async Task A_missing_text_column_is_refused_naming_the_columns_found()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();

        // No column looks like text: an id column is never taken for it (it would import "1", "2", … without a word).
        var outcome = await database.ImportAsync(project.Id, "ticket_id,owner\n1,ana\n", ImportFormat.Csv);
        Assert.False(outcome.Succeeded);
        Assert.Equal("textColumn", outcome.Problems[0].Field);
        var message = outcome.Problems[0].Message;
        Assert.Contains("'ticket_id', 'owner'", message, StringComparison.Ordinal);
        Assert.Contains("'body'", message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());

        var named = await database.ImportAsync(project.Id, "ticket_id,owner\n1,ana\n", ImportFormat.Csv, textColumn: "content");
        Assert.Contains("'content'", named.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclosed_quote_rejects_the_file_naming_the_line_where_the_field_starts()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "text,who\nfine,ana\n\"never closed,bob\nmore,cy\n", ImportFormat.Csv)).Imported();
        Assert.True(result.Rejected);
        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("quote", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task Wrong_field_counts_and_empty_texts_are_named_by_line()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, "text,who\nfine,ana\nextra,field,here\n,nobody\nok,dan\n", ImportFormat.Csv, skipInvalid: true)).Imported();
        Assert.Equal(2, result.Imported);
        Assert.Equal([3L, 4L], result.Errors.Select(e => e.Line));
        Assert.Contains("3 fields, but the header has 2", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("empty", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_utf8_in_a_csv_is_reported_instead_of_imported_as_garbage()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        byte[] content = [.. "text\nfine\ncaf"u8, 0xE9, .. "\n"u8];
        var result = (await database.ImportAsync(project.Id, content, ImportFormat.Csv)).Imported();
        Assert.True(result.Rejected);
        Assert.Contains("UTF-8", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task An_empty_csv_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        Assert.False((await database.ImportAsync(project.Id, "", ImportFormat.Csv)).Succeeded);
        Assert.False((await database.ImportAsync(project.Id, "text\n", ImportFormat.Csv)).Succeeded);
    }
}
