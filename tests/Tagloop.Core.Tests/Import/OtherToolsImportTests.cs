using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Import;

namespace Tagloop.Core.Tests.Import;

/// <summary>The formats of the tools users come from (Label Studio, doccano, Argilla, spaCy) and JSON arrays, read as those tools write them.</summary>
public sealed class OtherToolsImportTests
{
    private const string LabelStudioExport = """
        [
          {
            "id": 7,
            "data": {"text": "Great film", "source": "imdb"},
            "annotations": [
              {"was_cancelled": false, "result": [{"type": "choices", "from_name": "sentiment", "to_name": "text", "value": {"choices": ["pos"]}}]}
            ],
            "predictions": [{"result": [{"value": {"choices": ["neg"]}}]}]
          },
          {"id": 8, "data": {"review": "Dull and long"}, "annotations": [{"was_cancelled": true, "result": [{"value": {"choices": ["pos"]}}]}]}
        ]
        """;

    [Fact]
    public async Task Label_studio_tasks_bring_their_text_the_last_answer_not_the_predictions_and_their_data_as_metadata()
    {
        var (result, documents) = await ImportAsync(LabelStudioExport, ImportFormat.LabelStudio);
        Assert.Equal((2, 1), (result.Imported, result.Labelled));
        Assert.Equal(["Great film", "Dull and long"], documents.Select(d => d.Text));
        Assert.Equal(["pos"], documents[0].Labels);
        Assert.Empty(documents[1].Labels);
        Assert.Equal(7, documents[0].Meta!.Value.GetProperty("id").GetInt32());
        Assert.Equal("imdb", documents[0].Meta!.Value.GetProperty("source").GetString());

        // The same file as plain "json" is recognised task by task.
        var (again, _) = await ImportAsync(LabelStudioExport, ImportFormat.Json);
        Assert.Equal((2, 1), (again.Imported, again.Labelled));
    }

    [Fact]
    public async Task Doccano_spacy_and_argilla_records_bring_their_labels_and_metadata()
    {
        var (doccano, fromDoccano) = await ImportAsync("{\"id\": 1, \"text\": \"Loved it\", \"label\": [\"pos\"], \"Comments\": [\"ok\"]}\n{\"id\": 2, \"text\": \"Hated it\", \"label\": []}\n", ImportFormat.Doccano);
        Assert.Equal((2, 1), (doccano.Imported, doccano.Labelled));
        Assert.Equal(1, fromDoccano[0].Meta!.Value.GetProperty("id").GetInt32());
        Assert.Equal("ok", fromDoccano[0].Meta!.Value.GetProperty("Comments")[0].GetString());

        var (spacy, fromSpacy) = await ImportAsync("{\"text\": \"So good\", \"cats\": {\"pos\": 0.9, \"neg\": 0.1}, \"meta\": {\"k\": 1}}\n{\"text\": \"So-so\", \"cats\": {\"pos\": 0.5, \"neg\": 0.49}}\n", ImportFormat.Spacy);
        Assert.Equal((2, 2), (spacy.Imported, spacy.Labelled));
        Assert.Equal([["pos"], ["pos"]], fromSpacy.Select(d => d.Labels));

        var (argilla, fromArgilla) = await ImportAsync(
            "[{\"fields\": {\"text\": \"Nice one\"}, \"responses\": {\"sentiment\": [{\"value\": \"pos\"}]}, \"metadata\": {\"split\": \"train\"}},\n {\"text\": \"Meh one\", \"annotation\": \"neg\"}]",
            ImportFormat.Argilla);
        Assert.Equal((2, 2), (argilla.Imported, argilla.Labelled));
        Assert.Equal(["pos"], fromArgilla[0].Labels);
        Assert.Equal("train", fromArgilla[0].Meta!.Value.GetProperty("split").GetString());
        Assert.Equal(["neg"], fromArgilla[1].Labels);
    }

    [Fact]
    public async Task A_pretty_printed_json_array_is_read_and_its_bad_items_are_named_by_the_line_they_start_on()
    {
        var (good, documents) = await ImportAsync("\uFEFF[\r\n  {\"text\": \"one\", \"label\": \"pos\"},\r\n  {\"text\": \"two\"}\r\n]\r\n", ImportFormat.Json);
        Assert.Equal((2, 1), (good.Imported, good.Labelled));
        Assert.Equal(["one", "two"], documents.Select(d => d.Text));

        var bad = await ImportAsync("[\n  {\"text\": \"fine\"},\n  {\"text\": 5},\n  \"just text\",\n  {\n    \"text\": \"x\", \"label\": \"nope\"\n  }\n]", ImportFormat.Json, expectRejected: true);
        Assert.Equal([3L, 4L, 5L], bad.Result.Errors.Select(e => e.Line));
        Assert.Contains("\"text\" must be a string", bad.Result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected a JSON object", bad.Result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("unknown label 'nope'", bad.Result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\n {\"text\": \"a\"},\n {\"text\": \"b\"\n", 3, "breaks off after item 1")]
    [InlineData("[{\"text\": \"a\"}] and more", 1, "more after the JSON array")]
    [InlineData("[{\"text\": \"a\"},]", 1, "trailing comma")]
    [InlineData("[\n{\"text\": \"a\"},\n{\"text\" \"b\"}\n]", 3, "not valid JSON")]
    public async Task A_json_array_that_is_not_whole_is_refused_naming_the_line(string content, long line, string expected)
    {
        var (result, _) = await ImportAsync(content, ImportFormat.Json, expectRejected: true);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_json_array_streams_through_whole()
    {
        var items = Enumerable.Range(0, 5_000).Select(i => $"{{\"text\": \"item {i} with ünïcödé and some more words\", \"meta\": {{\"n\": {i}}}}}");
        var (result, documents) = await ImportAsync("[\n" + string.Join(",\n", items) + "\n]", ImportFormat.Json);
        Assert.Equal(5_000, result.Imported);
        Assert.Equal(4_999, documents[^1].Meta!.Value.GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("label-studio", ImportFormat.LabelStudio)]
    [InlineData("Doccano", ImportFormat.Doccano)]
    [InlineData("argilla", ImportFormat.Argilla)]
    [InlineData("spacy", ImportFormat.Spacy)]
    [InlineData("json", ImportFormat.Json)]
    public void Each_format_has_a_name_for_scripts(string name, ImportFormat format)
    {
        Assert.Equal(format, ImportFormatNames.Parse(name, null).Value);
        Assert.Equal(name.ToLowerInvariant(), ImportFormatNames.Name(format));
    }

    private static async Task<(ImportResult Result, List<(string Text, JsonElement? Meta, List<string> Labels)> Documents)> ImportAsync(string content, ImportFormat format, bool expectRejected = false)
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(multiLabel: false, "pos", "neg");
        var result = (await database.ImportAsync(project.Id, content, format)).Imported();
        Assert.Equal(expectRejected, result.Rejected);
        var context = database.NewContext();
        var documents = await context.Documents.OrderBy(d => d.Id).ToListAsync();
        var labels = await context.Annotations
            .Join(context.AnnotationLabels, a => a.Id, l => l.AnnotationId, (a, l) => new { a.DocumentId, l.LabelId })
            .Join(context.Labels, x => x.LabelId, l => l.Id, (x, l) => new { x.DocumentId, l.Name })
            .ToListAsync();
        return (result, [.. documents.Select(d => (d.Text, d.MetaJson is null ? (JsonElement?)null : JsonDocument.Parse(d.MetaJson).RootElement, labels.Where(l => l.DocumentId == d.Id).Select(l => l.Name).ToList()))]);
    }
}
