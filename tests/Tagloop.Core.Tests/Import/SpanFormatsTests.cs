using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Core.Export;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;

namespace Tagloop.Core.Tests.Import;

/// <summary>
/// Span-tagging projects: pre-annotated spans in every format, imported and exported again, with characters outside the
/// Basic Multilingual Plane before and inside spans so that UTF-16 code units and code points differ; CoNLL written line by line.
/// </summary>
public sealed class SpanFormatsTests
{
    // 😀 (U+1F600) and 𝔘 (U+1D518) are two UTF-16 code units each, one code point each.
    private const string Text = "😀 Anna Novak met 𝔘lm in Berlin.";

    // Worked out by hand (and by Python's str.index on the same text): [start, end) of each entity in both units.
    private static readonly (int Start, int End, string Label)[] Utf16 = [(3, 13, "PER"), (18, 22, "LOC"), (26, 32, "LOC")];
    private static readonly (int Start, int End, string Label)[] CodePoints = [(2, 12, "PER"), (17, 20, "LOC"), (24, 30, "LOC")];

    private static string Objects((int Start, int End, string Label)[] spans) =>
        "[" + string.Join(", ", spans.Select(s => $"{{\"start\": {s.Start}, \"end\": {s.End}, \"label\": \"{s.Label}\"}}")) + "]";

    private static string Triples((int Start, int End, string Label)[] spans) =>
        "[" + string.Join(", ", spans.Select(s => $"[{s.Start}, {s.End}, \"{s.Label}\"]")) + "]";

    public static TheoryData<ImportFormat, string, ExportFormat> RoundTrips => new()
    {
        { ImportFormat.Jsonl, $"{{\"text\": \"{Text}\", \"spans\": {Objects(Utf16)}}}\n", ExportFormat.Jsonl },
        { ImportFormat.Prodigy, $"{{\"text\": \"{Text}\", \"spans\": {Objects(CodePoints)}, \"answer\": \"accept\", \"_input_hash\": 1}}\n", ExportFormat.Prodigy },
        { ImportFormat.Spacy, $"{{\"text\": \"{Text}\", \"entities\": {Triples(CodePoints)}}}\n", ExportFormat.Spacy },
        { ImportFormat.Doccano, $"{{\"id\": 4, \"text\": \"{Text}\", \"label\": {Triples(CodePoints)}}}\n", ExportFormat.Doccano },
        {
            ImportFormat.LabelStudio,
            $"[{{\"id\": 9, \"data\": {{\"text\": \"{Text}\"}}, \"annotations\": [{{\"was_cancelled\": false, \"result\": ["
                + string.Join(", ", CodePoints.Select(s => $"{{\"type\": \"labels\", \"from_name\": \"label\", \"to_name\": \"text\", \"value\": {{\"start\": {s.Start}, \"end\": {s.End}, \"labels\": [\"{s.Label}\"]}}}}"))
                + "]}]}]",
            ExportFormat.LabelStudio
        },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task Spans_import_in_the_formats_unit_are_stored_in_utf16_and_export_in_the_formats_unit_again(ImportFormat importFormat, string file, ExportFormat exportFormat)
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var result = (await database.ImportAsync(project.Id, file, importFormat)).Imported();
        Assert.Equal((1, 1, 0), (result.Imported, result.Labelled, result.ErrorCount));

        var stored = Assert.Single(await StoredAsync(database));
        Assert.Equal(Text, stored.Text);
        Assert.Equal(("seed", "import:seed"), (stored.Author, stored.Source));
        Assert.Equal(Utf16, stored.Spans);

        var exported = await ExportAsync(database, project.Id, exportFormat);
        var expected = exportFormat == ExportFormat.Jsonl ? Utf16 : CodePoints;
        Assert.Equal(expected, ReadSpans(exported, exportFormat));
    }

    [Fact]
    public async Task Prodigy_export_carries_the_tokens_and_each_spans_tokens_in_code_points()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        (await database.ImportAsync(project.Id, $"{{\"text\": \"{Text}\", \"spans\": {Objects(Utf16)}}}\n", ImportFormat.Jsonl)).Imported();
        using var line = JsonDocument.Parse((await ExportAsync(database, project.Id, ExportFormat.Prodigy)).Split('\n')[0]);
        var tokens = line.RootElement.GetProperty("tokens").EnumerateArray()
            .Select(t => (t.GetProperty("text").GetString(), t.GetProperty("start").GetInt32(), t.GetProperty("end").GetInt32(), t.GetProperty("id").GetInt32(), t.GetProperty("ws").GetBoolean()))
            .ToList();
        Assert.Equal(
            [("😀", 0, 1, 0, true), ("Anna", 2, 6, 1, true), ("Novak", 7, 12, 2, true), ("met", 13, 16, 3, true), ("𝔘lm", 17, 20, 4, true), ("in", 21, 23, 5, true), ("Berlin", 24, 30, 6, false), (".", 30, 31, 7, false)],
            tokens);
        var spans = line.RootElement.GetProperty("spans").EnumerateArray()
            .Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("token_start").GetInt32(), s.GetProperty("token_end").GetInt32()))
            .ToList();
        Assert.Equal([(2, 12, 1, 2), (17, 20, 4, 4), (24, 30, 6, 6)], spans);
    }

    [Fact]
    public async Task Each_tool_format_exported_from_a_span_project_imports_back_with_the_same_spans()
    {
        await using var database = await TestDatabase.CreateAsync();
        var source = await CreateSpanProjectAsync(database);
        (await database.ImportAsync(source.Id, $"{{\"text\": \"{Text}\", \"spans\": {Objects(Utf16)}}}\n", ImportFormat.Jsonl)).Imported();
        foreach (var (export, import) in new[] { (ExportFormat.Jsonl, ImportFormat.Jsonl), (ExportFormat.Prodigy, ImportFormat.Prodigy), (ExportFormat.Spacy, ImportFormat.Spacy), (ExportFormat.Doccano, ImportFormat.Doccano), (ExportFormat.LabelStudio, ImportFormat.LabelStudio), (ExportFormat.Conll, ImportFormat.Conll), (ExportFormat.TokenTags, ImportFormat.TokenTags) })
        {
            var file = await ExportAsync(database, source.Id, export);
            await using var target = await TestDatabase.CreateAsync();
            var project = await CreateSpanProjectAsync(target);
            var result = (await target.ImportAsync(project.Id, file, import)).Imported();
            Assert.True(result.Imported == 1, $"{export}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            var back = Assert.Single(await StoredAsync(target));

            // CoNLL and token-tags carry tokens, not the text: it comes back with single spaces between tokens.
            var (text, spans) = export is ExportFormat.Conll or ExportFormat.TokenTags
                ? ("😀 Anna Novak met 𝔘lm in Berlin .", new[] { (3, 13, "PER"), (18, 22, "LOC"), (26, 32, "LOC") })
                : (Text, Utf16);
            Assert.Equal(text, back.Text);
            Assert.Equal(spans, back.Spans);
        }
    }

    [Fact]
    public async Task A_conll_file_becomes_a_document_per_docstart_and_exports_back_line_for_line()
    {
        // IOB2, two columns, as the exporter writes it: importing and exporting gives the very same file.
        const string Conll = """
            -DOCSTART- -X- -X- O

            😀 O
            Anna B-PER
            Novak I-PER
            met O
            𝔘lm B-LOC
            . O

            She O
            left O
            Berlin B-LOC
            ! O

            -DOCSTART- -X- -X- O

            Nothing O
            here O
            . O


            """;
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var result = (await database.ImportAsync(project.Id, Conll, ImportFormat.Conll)).Imported();
        Assert.Equal((2, 2), (result.Imported, result.Labelled));
        var stored = await StoredAsync(database);
        Assert.Equal("😀 Anna Novak met 𝔘lm .\nShe left Berlin !", stored[0].Text);
        Assert.Equal([(3, 13, "PER"), (18, 22, "LOC"), (34, 40, "LOC")], stored[0].Spans);

        // A document without entities is still an answer: "no entity here".
        Assert.Equal(("Nothing here .", 0), (stored[1].Text, stored[1].Spans.Length));
        Assert.Equal(Conll.Replace("\r\n", "\n", StringComparison.Ordinal), await ExportAsync(database, project.Id, ExportFormat.Conll));
    }

    [Fact]
    public async Task Conll_without_docstart_makes_each_sentence_a_document_and_reads_iob1_and_bilou()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        // IOB1 (CoNLL-2003's): I- starts an entity; four columns.
        var result = (await database.ImportAsync(project.Id, "Anna NNP B-NP I-PER\nNovak NNP I-NP I-PER\nsang VBD B-VP O\n\nIn IN B-PP O\n𝔘lm NNP B-NP I-LOC\n", ImportFormat.Conll)).Imported();
        Assert.Equal(2, result.Imported);
        var stored = await StoredAsync(database);
        Assert.Equal(["Anna Novak sang", "In 𝔘lm"], stored.Select(s => s.Text));
        Assert.Equal([(0, 10, "PER")], stored[0].Spans);
        Assert.Equal([(3, 7, "LOC")], stored[1].Spans);

        await using var other = await TestDatabase.CreateAsync();
        var bilou = await CreateSpanProjectAsync(other);
        (await other.ImportAsync(bilou.Id, "{\"tokens\": [\"Anna\", \"Novak\", \"in\", \"𝔘lm\"], \"tags\": [\"B-PER\", \"L-PER\", \"O\", \"U-LOC\"]}\n", ImportFormat.TokenTags)).Imported();
        var back = Assert.Single(await StoredAsync(other));
        Assert.Equal("Anna Novak in 𝔘lm", back.Text);
        Assert.Equal([(0, 10, "PER"), (14, 18, "LOC")], back.Spans);
    }

    [Fact]
    public async Task Conll_export_snaps_spans_to_tokens_keeps_the_first_of_overlapping_ones_and_splits_sentences()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        const string Document = "Anna Novak visited 𝔘lm. She liked the Ulmer Münster!";
        (await database.ImportAsync(project.Id, Document + "\n", ImportFormat.Text)).Imported();
        var documentId = await database.Db.Documents.Select(d => d.Id).SingleAsync();
        var labels = await database.Db.Labels.Where(l => l.ProjectId == project.Id).ToDictionaryAsync(l => l.Name, l => l.Id);

        // Stored as the lead's answers may hold them: not on token boundaries, one overlapping another.
        database.Db.Annotations.Add(new Annotation
        {
            ProjectId = project.Id,
            DocumentId = documentId,
            Author = "ana",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Spans =
            [
                new AnnotationSpan { Start = 0, End = 7, LabelId = labels["PER"] },         // "Anna No" → Anna Novak
                new AnnotationSpan { Start = 5, End = 18, LabelId = labels["LOC"] },        // "Novak visited": overlaps PER, dropped
                new AnnotationSpan { Start = 19, End = 23, LabelId = labels["LOC"] },       // "𝔘lm"
                new AnnotationSpan { Start = 40, End = 48, LabelId = labels["LOC"] },       // "lmer Mün" → Ulmer Münster
            ],
        });
        await database.Db.SaveChangesAsync();

        var conll = await ExportAsync(database, project.Id, ExportFormat.Conll);
        string[] expected =
        [
            "-DOCSTART- -X- -X- O", "",
            "Anna B-PER", "Novak I-PER", "visited O", "𝔘lm B-LOC", ". O", "",
            "She O", "liked O", "the O", "Ulmer B-LOC", "Münster I-LOC", "! O", "",
            "",
        ];
        Assert.Equal(expected, conll.Split('\n'));

        var tokenTags = (await ExportAsync(database, project.Id, ExportFormat.TokenTags)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(s => (string.Join(' ', s.GetProperty("tokens").EnumerateArray().Select(t => t.GetString())), string.Join(' ', s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))));
        Assert.Equal(
            [("Anna Novak visited 𝔘lm .", "B-PER I-PER O B-LOC O"), ("She liked the Ulmer Münster !", "O O O B-LOC I-LOC O")],
            tokenTags);
    }

    [Fact]
    public async Task Rejected_spans_are_not_exported_and_a_partial_answer_exports_only_the_sentences_it_covers()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        const string Document = "Anna Novak visited 𝔘lm. She liked the Ulmer Münster!";
        (await database.ImportAsync(project.Id, Document + "\n", ImportFormat.Text)).Imported();
        var documentId = await database.Db.Documents.Select(d => d.Id).SingleAsync();
        var labels = await database.Db.Labels.Where(l => l.ProjectId == project.Id).ToDictionaryAsync(l => l.Name, l => l.Id);

        // The first sentence [0, 24) answered; "𝔘lm is not a LOC" judged in teach mode; Ulmer Münster marked outside the region.
        database.Db.Annotations.Add(new Annotation
        {
            ProjectId = project.Id,
            DocumentId = documentId,
            Author = "ana",
            Kind = AnnotationKind.Partial,
            Regions = "[[0,24]]",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Spans =
            [
                new AnnotationSpan { Start = 0, End = 10, LabelId = labels["PER"] },
                new AnnotationSpan { Start = 19, End = 23, LabelId = labels["LOC"], Rejected = true },
                new AnnotationSpan { Start = 39, End = 52, LabelId = labels["LOC"] },
            ],
        });
        await database.Db.SaveChangesAsync();

        Assert.Equal(
            ["-DOCSTART- -X- -X- O", "", "Anna B-PER", "Novak I-PER", "visited O", "𝔘lm O", ". O", "", ""],
            (await ExportAsync(database, project.Id, ExportFormat.Conll)).Split('\n'));
        var jsonl = await ExportAsync(database, project.Id, ExportFormat.Jsonl);
        Assert.Equal([(0, 10, "PER"), (39, 52, "LOC")], ReadSpans(jsonl, ExportFormat.Jsonl));
        Assert.Equal("[[0,24]]", JsonDocument.Parse(jsonl.Split('\n')[0]).RootElement.GetProperty("regions").GetRawText());
        Assert.Equal([(0, 10, "PER"), (38, 51, "LOC")], ReadSpans(await ExportAsync(database, project.Id, ExportFormat.Spacy), ExportFormat.Spacy));
    }

    [Fact]
    public async Task Imported_spans_snap_outwards_to_token_boundaries_and_repeats_are_dropped()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        (await database.ImportAsync(project.Id, $"{{\"text\": \"{Text}\", \"spans\": [{{\"start\": 4, \"end\": 10, \"label\": \"PER\"}}, {{\"start\": 3, \"end\": 13, \"label\": \"per\"}}]}}\n", ImportFormat.Jsonl)).Imported();
        Assert.Equal([(3, 13, "PER")], Assert.Single(await StoredAsync(database)).Spans);
    }

    [Theory]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"end\": 12, \"label\": \"PER\"}]}", "spans[0].end is 12, past the end of the text (9 UTF-16 code units)")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 5, \"end\": 5, \"label\": \"PER\"}]}", "spans[0].end is 5, not after spans[0]'s start 5")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": -1, \"end\": 4, \"label\": \"PER\"}]}", "spans[0].start is -1: offsets start at 0")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0.5, \"end\": 4, \"label\": \"PER\"}]}", "spans[0].start is 0.5, not a whole number")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"end\": \"4\", \"label\": \"PER\"}]}", "spans[0].end is \"4\", not a whole number")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"label\": \"PER\"}]}", "spans[0] has no \"end\"")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": 7}]}", "spans[0].label must be an entity type's name (a string), found 7")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"𝔘lm\", \"spans\": [{\"start\": 1, \"end\": 4, \"label\": \"LOC\"}]}", "spans[0].start is 1, between the two UTF-16 code units of one character ('𝔘')")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"ORG\"}]}", "unknown label 'ORG' in spans[0]; this project's labels are PER, LOC")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna   sang\", \"spans\": [{\"start\": 5, \"end\": 7, \"label\": \"PER\"}]}", "spans[0] covers no token: '  ' is only white space")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna Novak sang\", \"spans\": [{\"start\": 0, \"end\": 10, \"label\": \"PER\"}, {\"start\": 5, \"end\": 10, \"label\": \"LOC\"}]}", "spans[1] ('Novak') overlaps spans[0] ('Anna Novak'); this project does not allow overlapping spans")]
    [InlineData(ImportFormat.Jsonl, "{\"text\": \"Anna sang\", \"label\": \"PER\"}", "the record labels the whole document (PER), but the labels of this span-tagging project are entity types, given as spans")]
    [InlineData(ImportFormat.Spacy, "{\"text\": \"😀 Anna\", \"entities\": [[2, 7, \"PER\"]]}", "entities[0][1] is 7, past the end of the text (6 code points)")]
    [InlineData(ImportFormat.Spacy, "{\"text\": \"😀 Anna\", \"ents\": [{\"start\": 2, \"end\": 6.0, \"label\": \"PER\"}]}", "ents[0].end is 6.0, not a whole number")]
    [InlineData(ImportFormat.Doccano, "{\"text\": \"😀 Anna\", \"label\": [[6, 2, \"PER\"]]}", "label[0][1] is 2, not after label[0]'s start 6")]
    [InlineData(ImportFormat.Doccano, "{\"text\": \"😀 Anna\", \"label\": [[2, 6, \"PER\"], \"LOC\"]}", "\"label\" mixes label names with [start, end, label] spans")]
    [InlineData(ImportFormat.Prodigy, "{\"text\": \"😀 Anna\", \"spans\": [{\"start\": 2, \"end\": 6, \"label\": \"ORG\"}]}", "unknown label 'ORG' in spans[0]")]
    [InlineData(ImportFormat.LabelStudio, "[{\"data\": {\"text\": \"😀 Anna\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"value\": {\"start\": 2, \"end\": 9, \"labels\": [\"PER\"]}}]}]}]", "annotations[0].result[0].value.end is 9, past the end of the text (6 code points)")]
    [InlineData(ImportFormat.LabelStudio, "[{\"data\": {\"text\": \"😀 Anna\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"value\": {\"start\": 2, \"end\": 6, \"labels\": [\"PER\", \"ORG\"]}}]}]}]", "unknown label 'ORG' in annotations[0].result[0]")]
    public async Task A_bad_span_is_an_error_of_its_line_naming_field_and_value_and_nothing_of_the_line_is_written(ImportFormat format, string badLine, string message)
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var file = format == ImportFormat.LabelStudio
            ? "[{\"data\": {\"text\": \"Fine line\"}, \"annotations\": []},\n" + badLine[1..]
            : "{\"text\": \"Fine line\"}\n" + badLine + "\n";
        var rejected = (await database.ImportAsync(project.Id, file, format)).Imported();
        Assert.True(rejected.Rejected);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);

        // Skipping bad lines imports the good one and nothing of the bad one: no document, no annotation.
        var skipped = (await database.ImportAsync(project.Id, file, format, skipInvalid: true)).Imported();
        Assert.Equal((1, 1), (skipped.Imported, skipped.ErrorCount));
        Assert.Equal(["Fine line"], await database.NewContext().Documents.Select(d => d.Text).ToListAsync());
        Assert.Equal(0, await database.NewContext().Annotations.CountAsync());
    }

    [Theory]
    [InlineData("Anna B-PER\nNovak X-PER\n", 2, "column 2")]
    [InlineData("Anna B-PER\nNovak\n", 2, "has 1 column(s)")]
    [InlineData("-DOCSTART- -X- -X- O\n\nAnna B-PER\nin O\nParis B-ORG\n", 5, "unknown label 'ORG' in the tag on line 5")]
    public async Task A_bad_conll_file_is_refused_naming_the_line(string conll, long line, string message)
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var rejected = (await database.ImportAsync(project.Id, conll, ImportFormat.Conll)).Imported();
        var error = Assert.Single(rejected.Errors);
        Assert.Equal((line, true), (error.Line, rejected.Rejected));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.NewContext().Documents.CountAsync());
    }

    [Fact]
    public async Task A_bad_token_tags_line_is_refused_naming_line_and_field()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var rejected = (await database.ImportAsync(project.Id, "{\"tokens\": [\"a\"], \"tags\": [\"O\"]}\n\n{\"tokens\": [\"Anna\", \"sang\"], \"tags\": [\"B-PER\"]}\n", ImportFormat.TokenTags)).Imported();
        var error = Assert.Single(rejected.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("2 tokens but 1 tags", error.Message, StringComparison.Ordinal);

        var unknown = (await database.ImportAsync(project.Id, "{\"tokens\": [\"a\"], \"tags\": [\"O\"]}\n{\"tokens\": [\"Acme\", \"sang\"], \"tags\": [\"O\", \"B-ORG\"]}\n", ImportFormat.TokenTags)).Imported();
        Assert.Equal((2L, "unknown label 'ORG' in tags[1]; this project's labels are PER, LOC"), (unknown.Errors[0].Line, unknown.Errors[0].Message));
    }

    [Fact]
    public async Task Spans_into_a_classification_project_are_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync(false, "PER", "LOC");
        var rejected = (await database.ImportAsync(project.Id, "{\"text\": \"Anna sang\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"PER\"}]}\n", ImportFormat.Jsonl)).Imported();
        Assert.Contains("the record has spans (spans[0]), but this project classifies whole documents", Assert.Single(rejected.Errors).Message, StringComparison.Ordinal);

        var conll = await database.ImportAsync(project.Id, "Anna B-PER\n", ImportFormat.Conll);
        Assert.Equal("format", Assert.Single(conll.Problems).Field);
        Assert.NotNull(ExportFormats.Unsuited(ExportFormat.Conll, ProjectTask.Classification));
        Assert.NotNull(ExportFormats.Unsuited(ExportFormat.Argilla, ProjectTask.SpanTagging));
        Assert.Null(ExportFormats.Unsuited(ExportFormat.Spacy, ProjectTask.SpanTagging));
    }

    [Theory]
    [InlineData("conll", "x.txt", ImportFormat.Conll)]
    [InlineData(null, "train.conll", ImportFormat.Conll)]
    [InlineData("token-tags", null, ImportFormat.TokenTags)]
    public void Span_formats_have_names_and_extensions(string? name, string? file, ImportFormat format)
    {
        Assert.Equal(format, ImportFormatNames.Parse(name, file).Value);
        Assert.Equal(format, ImportFormatNames.Parse(ImportFormatNames.Name(format), null).Value);
        Assert.Equal(ExportFormat.Conll, ExportFormats.Parse("conll").Value);
        Assert.Equal(ExportFormat.TokenTags, ExportFormats.Parse(ExportFormat.TokenTags.Name()).Value);
    }

    [Fact]
    public async Task Records_recognised_by_their_fields_bring_spans_in_their_tools_unit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await CreateSpanProjectAsync(database);
        var lines = string.Join('\n',
            $"{{\"text\": \"{Text} 1\", \"spans\": {Objects(Utf16)}}}",
            $"{{\"text\": \"{Text} 2\", \"entities\": {Triples(CodePoints)}}}",
            $"{{\"text\": \"{Text} 3\", \"label\": {Triples(CodePoints)}}}",
            $"{{\"text\": \"{Text} 4\", \"spans\": {Objects(CodePoints)}, \"_input_hash\": 5, \"answer\": \"accept\"}}",
            $"{{\"text\": \"{Text} 5\", \"spans\": {Objects(CodePoints)}, \"answer\": \"reject\"}}");
        var result = (await database.ImportAsync(project.Id, lines, ImportFormat.Json)).Imported();
        Assert.Equal((5, 4), (result.Imported, result.Labelled));
        var stored = await StoredAsync(database);
        Assert.All(stored.Take(4), s => Assert.Equal(Utf16, s.Spans));
    }

    private static async Task<Project> CreateSpanProjectAsync(TestDatabase database)
    {
        var outcome = await ProjectCreation.CreateAsync(
            database.Db, new NewProject("Spans " + Guid.NewGuid().ToString("N")[..8], "span-tagging", false, [new NewLabel("PER"), new NewLabel("LOC")], null), TimeProvider.System, CancellationToken.None);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        return outcome.Value!;
    }

    private static async Task<List<(string Text, string Author, string Source, (int Start, int End, string Label)[] Spans)>> StoredAsync(TestDatabase database)
    {
        var context = database.NewContext();
        var names = await context.Labels.ToDictionaryAsync(l => l.Id, l => l.Name);
        var documents = await context.Documents.OrderBy(d => d.Id).ToListAsync();
        var annotations = await context.Annotations.Include(a => a.Spans).ToListAsync();
        return [.. documents.SelectMany(d => annotations.Where(a => a.DocumentId == d.Id)
            .Select(a => (d.Text, a.Author, a.Source, a.Spans.OrderBy(s => s.Start).Select(s => (s.Start, s.End, names[s.LabelId])).ToArray())))];
    }

    private static async Task<string> ExportAsync(TestDatabase database, int projectId, ExportFormat format)
    {
        var context = database.NewContext();
        var exporter = new AnnotationExporter(context);
        var project = (await exporter.FindProjectAsync(projectId, CancellationToken.None)).Value!;
        using var output = new MemoryStream();
        await exporter.WriteAsync(project, format, output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The spans of the one exported answer, where each format keeps them.</summary>
    private static (int Start, int End, string Label)[] ReadSpans(string exported, ExportFormat format)
    {
        using var document = JsonDocument.Parse(format == ExportFormat.LabelStudio ? exported : exported.Split('\n')[0]);
        var root = format == ExportFormat.LabelStudio ? document.RootElement[0] : document.RootElement;
        return format switch
        {
            ExportFormat.Spacy or ExportFormat.Doccano => [.. root.GetProperty(format == ExportFormat.Spacy ? "entities" : "label").EnumerateArray()
                .Select(t => (t[0].GetInt32(), t[1].GetInt32(), t[2].GetString()!))],
            ExportFormat.LabelStudio => [.. root.GetProperty("annotations")[0].GetProperty("result").EnumerateArray()
                .Select(r => r.GetProperty("value"))
                .Select(v => (v.GetProperty("start").GetInt32(), v.GetProperty("end").GetInt32(), v.GetProperty("labels")[0].GetString()!))],
            _ => [.. root.GetProperty("spans").EnumerateArray().Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("label").GetString()!))],
        };
    }
}
