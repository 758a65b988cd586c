using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Export;

/// <summary>
/// Writes a project's current answers (and skips) to a stream as JSONL, CSV, Prodigy tasks, or the formats of Label
/// Studio, doccano, Argilla and spaCy (which Tagloop's importer reads back). The tools' formats carry answers only:
/// skips are left out, except in Label Studio, where they are cancelled annotations.
/// </summary>
public sealed class AnnotationExporter(TagloopDbContext db)
{
    private static readonly string[] CsvHeader =
        ["id", "text", "labels", "annotator", "created_at", "seconds_spent", "skipped", "flagged", "flag_note", "source", "meta", "final", "decidedBy"];

    private static readonly string[] DocumentCsvHeader = ["id", "text", "labels", "decidedBy", "answers", "meta"];

    /// <summary>Checks the project exists; the caller then streams with <see cref="WriteAsync"/>.</summary>
    public async Task<Outcome<Project>> FindProjectAsync(int projectId, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels)
            .FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        return project is null ? Problem.NotFound($"There is no project {projectId}.") : project;
    }

    /// <summary>Writes every current annotation of the project, CSV cells made safe for spreadsheets; returns how many rows were written.</summary>
    public Task<int> WriteAsync(Project project, ExportFormat format, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(project, format, output, raw: false, cancellationToken);

    /// <summary>
    /// Writes every current annotation of the project; returns how many rows were written. CSV cells that a
    /// spreadsheet would run as formulas are neutralised (<see cref="SpreadsheetCell"/>) unless <paramref name="raw"/>.
    /// </summary>
    public async Task<int> WriteAsync(Project project, ExportFormat format, Stream output, bool raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(output);
        if (ExportFormats.Unsuited(format, project.Task) is { } unsuited)
        {
            throw new ArgumentException(unsuited.Message, nameof(format));
        }

        var spans = project.Task == ProjectTask.SpanTagging;
        var rows = new ExportRowReader(db).ReadAsync(project.Id, project.Labels, project.MultiLabel, spans, cancellationToken);
        return format switch
        {
            ExportFormat.Csv => await WriteCsvAsync(rows, output, raw ? UnicodeText.Repaired : static v => SpreadsheetCell.Neutralized(UnicodeText.Repaired(v)), spans, cancellationToken).ConfigureAwait(false),
            ExportFormat.Prodigy => await WriteJsonLinesAsync(rows, output, (w, r) => WriteProdigy(w, r, project), cancellationToken).ConfigureAwait(false),
            ExportFormat.LabelStudio => await WriteLabelStudioAsync(rows, output, spans, cancellationToken).ConfigureAwait(false),
            ExportFormat.Doccano => await WriteJsonLinesAsync(Answers(rows), output, (w, r) => WriteDoccano(w, r, spans), cancellationToken).ConfigureAwait(false),
            ExportFormat.Conll => await WriteTaggedAsync(Answers(rows), output, conll: true, cancellationToken).ConfigureAwait(false),
            ExportFormat.TokenTags => await WriteTaggedAsync(Answers(rows), output, conll: false, cancellationToken).ConfigureAwait(false),
            ExportFormat.Argilla => await WriteJsonLinesAsync(Answers(rows), output, (w, r) => WriteArgilla(w, r, project), cancellationToken).ConfigureAwait(false),
            ExportFormat.Spacy => await WriteJsonLinesAsync(Answers(rows), output, (w, r) => WriteSpacy(w, r, project), cancellationToken).ConfigureAwait(false),
            _ => await WriteJsonLinesAsync(rows, output, (w, r) => WriteJsonl(w, r, project), cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Writes one row per document that has an answer, with its final label (<c>labels</c>; null when undecided),
    /// <c>decidedBy</c> and how many people answered it, as JSONL or CSV; returns how many rows were written.
    /// </summary>
    /// <remarks>
    /// Span-tagging projects: one row per document with the spans its answers agree on (<see cref="SpanConsensus"/>),
    /// as CoNLL, token-tags, JSONL (<c>{id, text, spans, regions, decidedBy, answers, meta}</c>), doccano or spaCy.
    /// </remarks>
    public async Task<int> WriteDocumentsAsync(Project project, ExportFormat format, Stream output, bool raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(output);
        if (!HasDocumentRows(format, project.Task))
        {
            throw new ArgumentException($"One row per document is not written as {format.Name()} for this project.", nameof(format));
        }

        if (project.Task == ProjectTask.SpanTagging)
        {
            var merged = SpanConsensus.PerDocument(new ExportRowReader(db).ReadAsync(project.Id, project.Labels, project.MultiLabel, spans: true, cancellationToken));
            return format switch
            {
                ExportFormat.Conll => await WriteTaggedAsync(Rows(merged), output, conll: true, cancellationToken).ConfigureAwait(false),
                ExportFormat.TokenTags => await WriteTaggedAsync(Rows(merged), output, conll: false, cancellationToken).ConfigureAwait(false),
                ExportFormat.Doccano => await WriteJsonLinesAsync(Rows(merged), output, (w, r) => WriteDoccano(w, r, spans: true), cancellationToken).ConfigureAwait(false),
                ExportFormat.Spacy => await WriteJsonLinesAsync(Rows(merged), output, (w, r) => WriteSpacy(w, r, project), cancellationToken).ConfigureAwait(false),
                _ => await WriteJsonLinesAsync(merged, output, (w, d) => WriteSpanDocumentJsonl(w, d.Row, d.Answers), cancellationToken).ConfigureAwait(false),
            };
        }

        var rows = PerDocument(Answers(new ExportRowReader(db).ReadAsync(project.Id, project.Labels, project.MultiLabel, cancellationToken)));
        return format == ExportFormat.Csv
            ? await WriteDocumentCsvAsync(rows, output, raw ? UnicodeText.Repaired : static v => SpreadsheetCell.Neutralized(UnicodeText.Repaired(v)), cancellationToken).ConfigureAwait(false)
            : await WriteJsonLinesAsync(rows, output, (w, d) => WriteDocumentJsonl(w, d.Row, d.Answers, project), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a format can be written one row per document: JSONL and CSV; for span-tagging projects CoNLL, token-tags, JSONL, doccano and spaCy.</summary>
    public static bool HasDocumentRows(ExportFormat format, ProjectTask task) => task == ProjectTask.SpanTagging
        ? format is ExportFormat.Conll or ExportFormat.TokenTags or ExportFormat.Jsonl or ExportFormat.Doccano or ExportFormat.Spacy
        : format is ExportFormat.Jsonl or ExportFormat.Csv;

    /// <summary>
    /// Whether a format writes one row per document unless asked otherwise: CoNLL and token-tags, which cannot say whose
    /// answer a sentence is, so that two annotators' answers do not put a document in the training file twice.
    /// </summary>
    public static bool DocumentRowsByDefault(ExportFormat format) => format is ExportFormat.Conll or ExportFormat.TokenTags;

    private static async IAsyncEnumerable<ExportRow> Rows(IAsyncEnumerable<(ExportRow Row, int Answers)> documents)
    {
        await foreach (var (row, _) in documents.ConfigureAwait(false))
        {
            yield return row;
        }
    }

    private static void WriteSpanDocumentJsonl(Utf8JsonWriter w, ExportRow r, int answers)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteString("text", r.Text);
        SpanExport.WriteObjects(w, "spans", r, null);
        SpanExport.WriteRegions(w, r);

        WriteStringOrNull(w, "decidedBy", r.DecidedBy);
        w.WriteNumber("answers", answers);
        WriteMeta(w, "meta", r.MetaJson);
        w.WriteEndObject();
    }

    private static async IAsyncEnumerable<(ExportRow Row, int Answers)> PerDocument(IAsyncEnumerable<ExportRow> rows)
    {
        ExportRow? first = null;
        var answers = 0;
        await foreach (var row in rows.ConfigureAwait(false))
        {
            if (first is not null && first.DocumentId != row.DocumentId)
            {
                yield return (first, answers);
                answers = 0;
            }

            if (first is null || first.DocumentId != row.DocumentId)
            {
                first = row;
            }

            answers++;
        }

        if (first is not null)
        {
            yield return (first, answers);
        }
    }

    private static void WriteDocumentJsonl(Utf8JsonWriter w, ExportRow r, int answers, Project project)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteString("text", r.Text);
        if (!project.MultiLabel)
        {
            WriteStringOrNull(w, "label", r.Final is { Count: > 0 } final ? final[0] : null);
        }

        WriteLabelsOrNull(w, "labels", r.Final);
        WriteStringOrNull(w, "decidedBy", r.DecidedBy);
        w.WriteNumber("answers", answers);
        WriteMeta(w, "meta", r.MetaJson);
        w.WriteEndObject();
    }

    private static Task<int> WriteDocumentCsvAsync(IAsyncEnumerable<(ExportRow Row, int Answers)> rows, Stream output, Func<string, string> cell, CancellationToken cancellationToken) =>
        WriteCsvRowsAsync(rows, output, DocumentCsvHeader, (csv, d) =>
        {
            csv.WriteField(d.Row.DocumentId);
            csv.WriteField(cell(d.Row.Text));
            csv.WriteField(d.Row.Final is null ? "" : cell(string.Join('|', d.Row.Final)));
            csv.WriteField(d.Row.DecidedBy ?? "");
            csv.WriteField(d.Answers);
            csv.WriteField(d.Row.MetaJson is null ? "" : JsonText.Repaired(d.Row.MetaJson));
        }, cancellationToken);

    private static async IAsyncEnumerable<ExportRow> Answers(IAsyncEnumerable<ExportRow> rows)
    {
        await foreach (var row in rows.ConfigureAwait(false))
        {
            if (!row.Skipped)
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Label Studio tasks, one per document (rows come ordered by document): <c>data</c> holds the text and the
    /// metadata's fields, each annotator's answer is an annotation whose result is a <c>choices</c> value (a skip is a
    /// cancelled one), to be imported into a project whose labelling config has <c>&lt;Choices name="label" toName="text"&gt;</c>.
    /// </summary>
    private static async Task<int> WriteLabelStudioAsync(IAsyncEnumerable<ExportRow> rows, Stream output, bool spans, CancellationToken cancellationToken)
    {
        var count = 0;
        var buffer = new MemoryStream();
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (writer.ConfigureAwait(false))
        {
            buffer.Write("["u8);
            long? open = null;
            await foreach (var r in rows.ConfigureAwait(false))
            {
                if (open != r.DocumentId)
                {
                    if (open is not null)
                    {
                        EndTask(writer);
                        buffer.Write(","u8);
                    }

                    buffer.Write("\n"u8);
                    StartTask(writer, r);
                    open = r.DocumentId;
                }

                WriteLabelStudioAnnotation(writer, r, spans);
                count++;
                if (buffer.Length > 64 * 1024)
                {
                    writer.Flush();
                    await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
                }
            }

            if (open is not null)
            {
                EndTask(writer);
            }

            buffer.Write("\n]\n"u8);
            await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private static void StartTask(Utf8JsonWriter w, ExportRow r)
    {
        w.Reset();
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteStartObject("data");
        w.WriteString("text", r.Text);
        WriteMetaFields(w, r.MetaJson, "text");
        w.WriteEndObject();
        w.WriteStartArray("annotations");
    }

    /// <summary>Closes the task and flushes it to the buffer, where the separator between tasks goes next.</summary>
    private static void EndTask(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteLabelStudioAnnotation(Utf8JsonWriter w, ExportRow r, bool spans)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.AnnotationId);
        w.WriteBoolean("was_cancelled", r.Skipped);
        w.WriteString("created_at", r.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        WriteNumberOrNull(w, "lead_time", r.SecondsSpent);
        w.WriteStartArray("result");
        if (spans && !r.Skipped)
        {
            // A Labels region per span, offsets in code points, for a config with <Labels name="label" toName="text">.
            var map = new OffsetMap(r.Text);
            foreach (var span in r.Spans)
            {
                var (start, end) = SpanExport.CodePoints(map, r.Text, span);
                w.WriteStartObject();
                w.WriteString("from_name", "label");
                w.WriteString("to_name", "text");
                w.WriteString("type", "labels");
                w.WriteStartObject("value");
                w.WriteNumber("start", start);
                w.WriteNumber("end", end);
                w.WriteString("text", UnicodeText.Repaired(r.Text[Math.Clamp(span.Start, 0, r.Text.Length)..Math.Clamp(span.End, span.Start, r.Text.Length)]));
                w.WriteStartArray("labels");
                w.WriteStringValue(span.Label);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }
        else if (!r.Skipped && r.Labels.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("from_name", "label");
            w.WriteString("to_name", "text");
            w.WriteString("type", "choices");
            w.WriteStartObject("value");
            w.WriteStartArray("choices");
            foreach (var label in r.Labels)
            {
                w.WriteStringValue(label);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("meta");
        w.WriteString("annotator", r.Author);
        w.WriteString("source", r.Source);
        if (r.Flagged)
        {
            w.WriteBoolean("flagged", true);
            WriteStringOrNull(w, "flag_note", r.FlagNote);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteDoccano(Utf8JsonWriter w, ExportRow r, bool spans)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteString("text", r.Text);
        if (spans)
        {
            // Sequence labelling: [start, end, "TYPE"] in code points.
            SpanExport.WriteTriples(w, "label", r);
        }
        else
        {
            w.WriteStartArray("label");
            foreach (var label in r.Labels)
            {
                w.WriteStringValue(label);
            }

            w.WriteEndArray();
        }

        w.WriteString("annotator", r.Author);

        // doccano keeps a document's other fields beside its text (and gives them back so on import).
        WriteMetaFields(w, r.MetaJson, "id", "text", "label", "labels", "annotator");

        w.WriteEndObject();
    }

    private static void WriteArgilla(Utf8JsonWriter w, ExportRow r, Project project)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteString("text", r.Text);
        if (project.MultiLabel)
        {
            w.WriteStartArray("labels");
            foreach (var label in r.Labels)
            {
                w.WriteStringValue(label);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteString("label", r.Labels.Count > 0 ? r.Labels[0] : null);
        }

        w.WriteStartObject("metadata");
        w.WriteString("annotator", r.Author);
        WriteMetaFields(w, r.MetaJson, "annotator");

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteSpacy(Utf8JsonWriter w, ExportRow r, Project project)
    {
        w.WriteStartObject();
        w.WriteString("text", r.Text);
        if (project.Task == ProjectTask.SpanTagging)
        {
            // [start, end, label] in code points, as spaCy's Doc.char_span takes them.
            SpanExport.WriteTriples(w, "entities", r);
        }
        else
        {
            w.WriteStartObject("cats");
            foreach (var label in project.Labels.OrderBy(l => l.Order))
            {
                w.WriteNumber(label.Name, r.Labels.Contains(label.Name) ? 1.0 : 0.0);
            }

            w.WriteEndObject();
        }

        w.WriteStartObject("meta");
        w.WriteNumber("tagloop_id", r.DocumentId);
        w.WriteString("annotator", r.Author);
        WriteMetaFields(w, r.MetaJson, "tagloop_id", "annotator");

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task<int> WriteJsonLinesAsync<TRow>(IAsyncEnumerable<TRow> rows, Stream output, Action<Utf8JsonWriter, TRow> write, CancellationToken cancellationToken)
    {
        var count = 0;
        var buffer = new MemoryStream();
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (writer.ConfigureAwait(false))
        {
            await foreach (var row in rows.ConfigureAwait(false))
            {
                write(writer, row);
                writer.Flush();
                writer.Reset();
                buffer.WriteByte((byte)'\n');
                count++;
                if (buffer.Length > 64 * 1024)
                {
                    await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
                }
            }

            await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    private static async Task FlushAsync(MemoryStream buffer, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }

    private static void WriteJsonl(Utf8JsonWriter w, ExportRow r, Project project)
    {
        w.WriteStartObject();
        w.WriteNumber("id", r.DocumentId);
        w.WriteString("text", r.Text);
        if (project.Task == ProjectTask.SpanTagging)
        {
            // UTF-16 code units, as the API counts them; regions: the parts a partial answer covers (null: all of it).
            SpanExport.WriteObjects(w, "spans", r, null);
            SpanExport.WriteRegions(w, r);
        }

        if (!project.MultiLabel)
        {
            if (r.Labels.Count > 0)
            {
                w.WriteString("label", r.Labels[0]);
            }
            else
            {
                w.WriteNull("label");
            }
        }

        w.WriteStartArray("labels");
        foreach (var label in r.Labels)
        {
            w.WriteStringValue(label);
        }

        w.WriteEndArray();
        w.WriteString("annotator", r.Author);
        w.WriteString("created_at", r.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        WriteNumberOrNull(w, "seconds_spent", r.SecondsSpent);
        w.WriteBoolean("skipped", r.Skipped);
        w.WriteBoolean("flagged", r.Flagged);
        WriteStringOrNull(w, "flag_note", r.FlagNote);
        w.WriteString("source", r.Source);
        WriteMeta(w, "meta", r.MetaJson);
        w.WriteNumber("annotation_id", r.AnnotationId);
        WriteFinal(w, r);
        w.WriteEndObject();
    }

    private static void WriteFinal(Utf8JsonWriter w, ExportRow r)
    {
        WriteLabelsOrNull(w, "final", r.Final);
        WriteStringOrNull(w, "decidedBy", r.DecidedBy);
    }

    private static void WriteLabelsOrNull(Utf8JsonWriter w, string name, IReadOnlyList<string>? labels)
    {
        if (labels is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var label in labels)
        {
            w.WriteStringValue(label);
        }

        w.WriteEndArray();
    }

    private static void WriteProdigy(Utf8JsonWriter w, ExportRow r, Project project)
    {
        w.WriteStartObject();
        w.WriteString("text", r.Text);
        w.WriteStartObject("meta");
        w.WriteNumber("tagloop_id", r.DocumentId);
        WriteMetaFields(w, r.MetaJson, "tagloop_id");

        if (r.Flagged)
        {
            w.WriteBoolean("flagged", true);
            WriteStringOrNull(w, "flag_note", r.FlagNote);
        }

        w.WriteEndObject();
        if (project.Task == ProjectTask.SpanTagging)
        {
            // Prodigy counts characters as Python does: code points; its NER recipes read the tokens too.
            SpanExport.WriteProdigy(w, r);
        }
        else if (project.MultiLabel)
        {
            w.WriteStartArray("options");
            foreach (var label in project.Labels.OrderBy(l => l.Order))
            {
                w.WriteStartObject();
                w.WriteString("id", label.Name);
                w.WriteString("text", label.Name);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("accept");
            foreach (var label in r.Labels)
            {
                w.WriteStringValue(label);
            }

            w.WriteEndArray();
        }
        else if (r.Labels.Count > 0)
        {
            w.WriteString("label", r.Labels[0]);
        }

        w.WriteString("answer", r.Skipped ? "ignore" : "accept");
        w.WriteString("_annotator_id", r.Author);
        w.WriteNumber("_timestamp", r.CreatedAt.ToUnixTimeSeconds());
        WriteNumberOrNull(w, "_seconds_spent", r.SecondsSpent);
        w.WriteEndObject();
    }

    private static Task<int> WriteCsvAsync(IAsyncEnumerable<ExportRow> rows, Stream output, Func<string, string> cell, bool spans, CancellationToken cancellationToken) =>
        WriteCsvRowsAsync(rows, output, spans ? [.. CsvHeader, "spans"] : CsvHeader, (csv, r) =>
        {
            csv.WriteField(r.DocumentId);
            csv.WriteField(cell(r.Text));
            csv.WriteField(cell(string.Join('|', r.Labels)));
            csv.WriteField(cell(r.Author));
            csv.WriteField(r.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(r.SecondsSpent?.ToString("0.###", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(r.Skipped ? "true" : "false");
            csv.WriteField(r.Flagged ? "true" : "false");
            csv.WriteField(cell(r.FlagNote ?? ""));
            csv.WriteField(cell(r.Source));
            csv.WriteField(r.MetaJson is null ? "" : JsonText.Repaired(r.MetaJson));
            csv.WriteField(r.Final is null ? "" : cell(string.Join('|', r.Final)));
            csv.WriteField(r.DecidedBy ?? "");
            if (spans)
            {
                csv.WriteField(SpansJson(r));
            }
        }, cancellationToken);

    /// <summary>The spans as a JSON array of {"start", "end", "label"}, UTF-16 code units (a CSV cell; JSON never starts with a formula sign).</summary>
    private static string SpansJson(ExportRow r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            SpanExport.WriteObjects(w, "spans", r, null);
            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.GetProperty("spans").GetRawText();
    }

    /// <summary>
    /// CoNLL (IOB2, "TOKEN TAG" lines, a blank line after each sentence, "-DOCSTART- -X- -X- O" and a blank line before each
    /// answer's document) or token-tags JSONL (a line per sentence); the document tokenised and split into sentences whole.
    /// </summary>
    private static async Task<int> WriteTaggedAsync(IAsyncEnumerable<ExportRow> rows, Stream output, bool conll, CancellationToken cancellationToken)
    {
        var count = 0;
        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        await using (text.ConfigureAwait(false))
        {
            await foreach (var r in rows.ConfigureAwait(false))
            {
                var sentences = SpanExport.Sentences(UnicodeText.Repaired(r.Text), r.Spans, r.Regions).ToList();
                if (r.Regions is not null && sentences.Count == 0)
                {
                    // A partial answer that covers no whole sentence (teach-mode judgements only) says nothing CoNLL can hold.
                    continue;
                }

                if (conll)
                {
                    await text.WriteAsync("-DOCSTART- -X- -X- O\n\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                    ConllFormat.Write(text, sentences);
                }
                else
                {
                    TokenTagsJsonl.Write(text, sentences);
                }

                count++;
                if (count % 1000 == 0)
                {
                    await text.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await text.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>A header, then a record per row, flushed every thousand rows; returns how many rows were written.</summary>
    private static async Task<int> WriteCsvRowsAsync<TRow>(IAsyncEnumerable<TRow> rows, Stream output, string[] header, Action<CsvWriter, TRow> writeRow, CancellationToken cancellationToken)
    {
        var count = 0;
        var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (text.ConfigureAwait(false))
        {
            var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                foreach (var column in header)
                {
                    csv.WriteField(column);
                }

                await csv.NextRecordAsync().ConfigureAwait(false);
                await foreach (var row in rows.ConfigureAwait(false))
                {
                    writeRow(csv, row);
                    await csv.NextRecordAsync().ConfigureAwait(false);
                    count++;
                    if (count % 1000 == 0)
                    {
                        await text.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await csv.FlushAsync().ConfigureAwait(false);
            }
        }

        return count;
    }

    /// <summary>The metadata's fields, into the object being written, but for those the format writes itself (<paramref name="taken"/>).</summary>
    private static void WriteMetaFields(Utf8JsonWriter w, string? metaJson, params string[] taken)
    {
        if (metaJson is null)
        {
            return;
        }

        using var meta = JsonDocument.Parse(JsonText.Repaired(metaJson));
        if (meta.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in meta.RootElement.EnumerateObject().Where(p => !taken.Contains(p.Name)))
        {
            property.WriteTo(w);
        }
    }

    private static void WriteMeta(Utf8JsonWriter w, string name, string? metaJson)
    {
        if (metaJson is null)
        {
            w.WriteNull(name);
            return;
        }

        using var meta = JsonDocument.Parse(JsonText.Repaired(metaJson));
        w.WritePropertyName(name);
        meta.RootElement.WriteTo(w);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
