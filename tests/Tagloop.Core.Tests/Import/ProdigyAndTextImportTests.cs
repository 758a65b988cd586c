using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Import;

public class ProdigyAndTextImportTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task Prodigy_accept_imports_the_label_while_reject_and_ignore_import_the_text_alone()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var result = (await database.ImportAsync(project.Id, """
            {"text": "Cheap meds", "label": "spam", "answer": "accept", "_input_hash": 1, "meta": {"source": "inbox"}}
            {"text": "Hi mum", "label": "spam", "answer": "reject"}
            {"text": "???", "label": "spam", "answer": "ignore"}
            {"text": "No answer given", "label": "ham"}
            """, ImportFormat.Prodigy)).Imported();

        Assert.Equal(4, result.Imported);
        Assert.Equal(2, result.Labelled);
        var db = database.NewContext();
        var labelled = await db.Annotations.Join(db.Documents, a => a.DocumentId, d => d.Id, (a, d) => d.Text).OrderBy(t => t).ToListAsync();
        Assert.Equal(["Cheap meds", "No answer given"], labelled);
    }

    [Fact]
    public async Task Prodigy_multiple_choice_maps_accepted_options_to_labels()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(multiLabel: true, "SPORTS", "POLITICS", "TECH");
        var result = (await database.ImportAsync(project.Id, """
            {"text": "Election of the football federation", "options": [{"id": "SPORTS", "text": "Sports"}, {"id": "POLITICS", "text": "Politics"}], "accept": ["SPORTS", "POLITICS"], "answer": "accept"}
            {"text": "New phone", "options": [{"id": 1, "text": "TECH"}, {"id": 2, "text": "SPORTS"}], "accept": [1], "answer": "accept"}
            {"text": "Bad choice", "options": [{"id": "SPORTS", "text": "Sports"}], "accept": ["CHESS"], "answer": "accept"}
            """, ImportFormat.Prodigy, skipInvalid: true)).Imported();

        Assert.Equal(2, result.Imported);
        Assert.Contains("not among the task's \"options\"", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        var db = database.NewContext();
        var labelsOf = await db.AnnotationLabels.Join(db.Annotations, l => l.AnnotationId, a => a.Id, (l, a) => new { l.LabelId, a.DocumentId })
            .Join(db.Documents, x => x.DocumentId, d => d.Id, (x, d) => new { d.Text, x.LabelId }).ToListAsync();
        var names = project.Labels.ToDictionary(l => l.Id, l => l.Name);
        Assert.Equal(["POLITICS", "SPORTS"], labelsOf.Where(x => x.Text.StartsWith("Election", StringComparison.Ordinal)).Select(x => names[x.LabelId]).Order());
        Assert.Equal(["TECH"], labelsOf.Where(x => x.Text == "New phone").Select(x => names[x.LabelId]));
    }

    [Fact]
    public async Task Plain_text_takes_one_document_per_line_and_skips_blank_lines_and_a_bom()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        byte[] content = [0xEF, 0xBB, 0xBF, .. "first line\r\n\r\nsecond line\nthird, with \"quotes\""u8];
        var result = (await database.ImportAsync(project.Id, content, ImportFormat.Text)).Imported();
        Assert.Equal(3, result.Imported);
        Assert.Equal(1, result.Skipped);
        var texts = await database.NewContext().Documents.OrderBy(d => d.Id).Select(d => d.Text).ToListAsync();
        Assert.Equal(["first line", "second line", "third, with \"quotes\""], texts);
    }

    [SharedDataFact("datasets", "trec", "train.jsonl")]
    public async Task A_real_corpus_imports_whole_with_its_labels()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync(false, "ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM");
        await using var stream = File.OpenRead(SharedData.File("datasets", "trec", "train.jsonl")!);
        var result = (await new DocumentImporter(database.Db, TimeProvider.System).ImportAsync(
            project.Id, stream, new ImportOptions { Format = ImportFormat.Jsonl }, null, CancellationToken.None)).Imported();

        // 5,452 questions, of which 71 repeat an earlier one word for word.
        Assert.Equal(5452, result.Imported + result.Duplicates);
        Assert.Equal(71, result.Duplicates);
        Assert.Equal(result.Imported, result.Labelled);
        var db = database.NewContext();
        Assert.Equal(result.Imported, await db.Annotations.CountAsync());
        var hum = project.Labels.Single(l => l.Name == "HUM").Id;
        Assert.InRange(await db.AnnotationLabels.CountAsync(l => l.LabelId == hum), 1150, 1223);
    }
}
