using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Users;
using Tagloop.Learning.Spans;

namespace Tagloop.Core.Import;

/// <summary>
/// Imports documents into a project: all or nothing unless bad lines may be skipped, exact duplicates skipped,
/// pre-filled labels stored as annotations by the import source. Files are streamed and written in small committed
/// batches under an <see cref="ImportRun"/>, hidden until the run completes in one short write; a run that fails,
/// is rejected or cancelled has its rows removed. Imports into one project take turns.
/// </summary>
public sealed class DocumentImporter(TagloopDbContext db, TimeProvider time, ProjectChanges? changes = null)
{
    private const int ProgressEvery = 1_000;
    private static readonly TimeSpan InputWait = TimeSpan.FromMilliseconds(20);

    public async Task<Outcome<ImportResult>> ImportAsync(int projectId, Stream content, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        long? total = content.CanSeek ? content.Length : null;

        // A file that is not text at all is said so once, before any line is read.
        var (head, whole) = await FileSniffer.ReadHeadAsync(content, cancellationToken).ConfigureAwait(false);
        if (FileSniffer.Problem(head) is { } notText)
        {
            return Problem.Invalid("file", notText);
        }

        content = whole;
        var maxLine = (int)Math.Min(int.MaxValue / 2, (options.MaxDocumentBytes * 4) + (64 * 1024));
        IRecordReader reader = options.Format switch
        {
            ImportFormat.Csv => new CsvRecordReader(content, options),
            ImportFormat.Text => new TextRecordReader(content, maxLine),
            ImportFormat.Conll or ImportFormat.TokenTags => new TaggedRecordReader(content, maxLine, conll: options.Format == ImportFormat.Conll),
            _ => JsonReader(content, head, maxLine, options.Format),
        };
        var outcome = await RunAsync(projectId, reader.ReadAsync(cancellationToken), () => reader.BytesRead, total, options, progress, cancellationToken).ConfigureAwait(false);
        if (reader is CsvRecordReader { HeaderProblem: { } headerProblem } csv)
        {
            return Problem.Invalid(csv.HeaderField, headerProblem);
        }

        return outcome;
    }

    /// <summary>
    /// The JSON formats: JSON Lines, or, except for jsonl and prodigy, an array where the file begins with "[" (pretty-printed
    /// or not); records in the named tool's shape, or, for jsonl and json, recognised one by one (Tagloop's own, Label
    /// Studio, spaCy, Argilla).
    /// </summary>
    private static IRecordReader JsonReader(Stream content, ReadOnlySpan<byte> head, int maxLine, ImportFormat format)
    {
        var dialect = format switch
        {
            ImportFormat.Prodigy => JsonDialect.Prodigy,
            ImportFormat.LabelStudio => JsonDialect.LabelStudio,
            ImportFormat.Doccano => JsonDialect.Doccano,
            ImportFormat.Argilla => JsonDialect.Argilla,
            ImportFormat.Spacy => JsonDialect.Spacy,
            _ => JsonDialect.Auto,
        };
        var start = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var first = start.IndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        // JSON Lines and Prodigy are lines by name; the other JSON formats come as arrays or lines.
        var isArray = format is not (ImportFormat.Jsonl or ImportFormat.Prodigy) && first >= 0 && start[first] == (byte)'[';
        return isArray ? new JsonArrayRecordReader(content, maxLine, dialect) : new JsonlRecordReader(content, maxLine, dialect);
    }

    public Task<Outcome<ImportResult>> ImportRecordsAsync(int projectId, IAsyncEnumerable<ImportRecord> records, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(projectId, AsLines(records, cancellationToken), () => 0, null, options, progress, cancellationToken);
    }

    private static async IAsyncEnumerable<ParsedLine> AsLines(IAsyncEnumerable<ImportRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ParsedLine.Of(record);
        }
    }

    private async Task<Outcome<ImportResult>> RunAsync(
        int projectId, IAsyncEnumerable<ParsedLine> lines, Func<long> bytesRead, long? totalBytes, ImportOptions options,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels)
            .FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return Problem.NotFound($"There is no project {projectId}.");
        }

        if (options.Format is ImportFormat.Conll or ImportFormat.TokenTags && project.Task != ProjectTask.SpanTagging)
        {
            return Problem.Invalid("format", $"A {ImportFormatNames.Name(options.Format)} file holds entity spans; import it into a span-tagging project (this one classifies whole documents).");
        }

        // The source becomes the author of pre-filled labels, so it follows the annotator-name rule.
        var sourceName = AnnotatorName.Parse(options.Source, "source", "Import source", "import");
        if (!sourceName.Succeeded)
        {
            return Outcome<ImportResult>.Failure(sourceName.Problems);
        }

        // One connection for the whole import: its batches, and the run's start and end, are transactions on it.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var turns = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<WriteTurns>().FirstOrDefault();
        using var ownWrites = turns?.LeaveOut(db.Database.GetDbConnection());
        try
        {
            var run = await StartRunAsync(projectId, options, cancellationToken).ConfigureAwait(false);
            var unfinished = new UnfinishedImports(db, time);
            Tally tally;
            try
            {
                await unfinished.WaitForEarlierAsync(run, cancellationToken).ConfigureAwait(false);
                tally = await WriteAsync(run, project, sourceName.Value!, turns, lines, bytesRead, totalBytes, options, progress, cancellationToken).ConfigureAwait(false);
                if (tally.ErrorCount > 0 && !options.SkipInvalid)
                {
                    await unfinished.RemoveRunAsync(run, cancellationToken).ConfigureAwait(false);
                    return Outcome<ImportResult>.Success(tally.Rejected());
                }

                if (tally.Imported == 0 && tally.ErrorCount == 0 && tally.Duplicates == 0)
                {
                    await unfinished.RemoveRunAsync(run, cancellationToken).ConfigureAwait(false);
                    return Outcome<ImportResult>.Failure(Problem.Invalid("file", "The file is empty: it holds no documents."));
                }

                await CompleteRunAsync(run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await AbandonAsync(unfinished, run).ConfigureAwait(false);
                throw;
            }

            changes?.Imported(projectId);
            return Outcome<ImportResult>.Success(tally.Result());
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads every line, checks it and writes the good ones in batches; the run's documents stay hidden.</summary>
    private async Task<Tally> WriteAsync(
        ImportRun run, Project project, string source, WriteTurns? turns, IAsyncEnumerable<ParsedLine> lines, Func<long> bytesRead, long? totalBytes,
        ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var labels = new LabelResolver(project);
        var known = new HashSet<UInt128>();
        await foreach (var hash in db.Documents.AsNoTracking().Where(d => d.ProjectId == project.Id).Select(d => d.TextHash)
            .AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            known.Add(BinaryPrimitives.ReadUInt128LittleEndian(hash));
        }

        var now = time.GetUtcNow();
        var annotationSource = AnnotationSources.Import(source);
        var tally = new Tally(options.MaxReportedErrors);
        long count = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var writer = new DocumentWriter(db, run.Id);
        await using (writer.ConfigureAwait(false))
        {
            var batch = new ImportBatch(db, writer, time, turns);
            await using (batch.ConfigureAwait(false))
            {
                var enumerator = lines.GetAsyncEnumerator(cancellationToken);
                await using (enumerator.ConfigureAwait(false))
                {
                    try
                    {
                        while (await NextAsync(enumerator, batch, cancellationToken).ConfigureAwait(false))
                        {
                            var line = enumerator.Current;
                            count++;
                            if (count % ProgressEvery == 0)
                            {
                                progress?.Report(new ImportProgress(bytesRead(), totalBytes, count, tally.Imported));
                            }

                            if (line.Error is { } error)
                            {
                                tally.Fail(error);
                                continue;
                            }

                            if (line.Record is not { } record)
                            {
                                tally.Skipped++;
                                continue;
                            }

                            var size = Encoding.UTF8.GetByteCount(record.Text);
                            if (size > options.MaxDocumentBytes)
                            {
                                tally.Fail(new ImportError(record.Line, $"the document is {Sizes.Describe(size)}, over the {Sizes.Describe(options.MaxDocumentBytes)} limit (setting Tagloop:MaxDocumentBytes)"));
                                continue;
                            }

                            if (RecordCheck.Problem(record, options) is { } recordProblem)
                            {
                                tally.Fail(new ImportError(record.Line, recordProblem));
                                continue;
                            }

                            var labelIds = labels.Resolve(record.Labels, out var labelError);
                            if (labelError is not null)
                            {
                                tally.Fail(new ImportError(record.Line, labelError));
                                continue;
                            }

                            var spans = labels.ResolveSpans(record, out var spanError);
                            if (spanError is not null)
                            {
                                tally.Fail(spanError);
                                continue;
                            }

                            if (buffer.Length < size)
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = ArrayPool<byte>.Shared.Rent(size);
                            }

                            var hash = SHA256.HashData(buffer.AsSpan(0, Encoding.UTF8.GetBytes(record.Text, buffer)));
                            if (!known.Add(BinaryPrimitives.ReadUInt128LittleEndian(hash)))
                            {
                                tally.Duplicates++;
                                tally.Skipped++;
                                continue;
                            }

                            if (tally.ErrorCount > 0 && !options.SkipInvalid)
                            {
                                // The file will be rejected: keep reading only to report every bad line.
                                continue;
                            }

                            await batch.BeginAsync(cancellationToken).ConfigureAwait(false);
                            var id = await writer.InsertDocumentAsync(project.Id, record.Text, hash, BinaryPrimitives.ReadInt64LittleEndian(hash), record.MetaJson, now, cancellationToken).ConfigureAwait(false);
                            if (labelIds.Count > 0 || spans is not null)
                            {
                                await writer.InsertAnswerAsync(project.Id, id, source, annotationSource, labelIds, spans ?? [], now, cancellationToken).ConfigureAwait(false);
                                tally.Labelled++;
                            }

                            tally.Imported++;
                            await batch.WroteAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                await batch.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        progress?.Report(new ImportProgress(bytesRead(), totalBytes, count, tally.Imported));
        return tally;
    }

    /// <summary>
    /// The next line. When it is not there yet (a slow upload), the open batch waits a moment for it and is then
    /// committed, so that waiting for input never holds the write lock.
    /// </summary>
    private async Task<bool> NextAsync(IAsyncEnumerator<ParsedLine> lines, ImportBatch batch, CancellationToken cancellationToken)
    {
        var moving = lines.MoveNextAsync();
        if (moving.IsCompleted || !batch.IsOpen)
        {
            return await moving.ConfigureAwait(false);
        }

        var next = moving.AsTask();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (await Task.WhenAny(next, Task.Delay(InputWait, time, wait.Token)).ConfigureAwait(false) != next)
        {
            await batch.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await wait.CancelAsync().ConfigureAwait(false);
        return await next.ConfigureAwait(false);
    }

    private async Task<ImportRun> StartRunAsync(int projectId, ImportOptions options, CancellationToken cancellationToken)
    {
        var run = new ImportRun
        {
            FileName = ImportRun.CleanFileName(options.FileName),
            Format = ImportFormatNames.Name(options.Format),
            ProjectId = projectId,
            State = ImportRunState.Running,
            StartedAt = time.GetUtcNow(),
            OwnerProcessId = ImportOwner.CurrentProcessId,
            OwnerStartedAt = ImportOwner.CurrentStartedAt,
            OwnerHost = ImportOwner.CurrentHost,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(run).State = EntityState.Detached;
        return run;
    }

    /// <summary>The one short write that makes every document of the run visible at once.</summary>
    private async Task CompleteRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var completed = await db.ImportRuns.Where(r => r.Id == run.Id && r.State == ImportRunState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportRunState.Completed).SetProperty(r => r.FinishedAt, time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        if (completed != 1)
        {
            throw new InvalidOperationException($"Import run {run.Id} was removed while it ran (its process was taken for dead); nothing was imported.");
        }
    }

    /// <summary>Removes what a failed or cancelled run wrote. Not cancelled itself; if it fails, the rows stay hidden and the next start-up removes them.</summary>
    private static async Task AbandonAsync(UnfinishedImports unfinished, ImportRun run)
    {
        try
        {
            await unfinished.RemoveRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            // The original failure is what the caller needs to hear about.
        }
    }

    private sealed class Tally(int maxReported)
    {
        private readonly List<ImportError> errors = [];

        public int Imported { get; set; }

        public int Skipped { get; set; }

        public int Duplicates { get; set; }

        public int Labelled { get; set; }

        public int ErrorCount { get; private set; }

        public void Fail(ImportError error)
        {
            ErrorCount++;
            Skipped++;
            if (errors.Count < maxReported)
            {
                errors.Add(error);
            }
        }

        public ImportResult Result() => new(Imported, Skipped, Duplicates, Labelled, errors, ErrorCount, Rejected: false);

        public ImportResult Rejected() => new(0, Skipped + Imported, Duplicates, 0, errors, ErrorCount, Rejected: true);
    }

    private sealed class LabelResolver(Project project)
    {
        private readonly Dictionary<string, int> byName = project.Labels.ToDictionary(l => l.Name, l => l.Id, StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<int> Resolve(IReadOnlyList<string> names, out string? error)
        {
            error = null;
            if (names.Count == 0)
            {
                return [];
            }

            if (project.Task == ProjectTask.SpanTagging)
            {
                error = $"the record labels the whole document ({UnicodeText.Quote(string.Join(", ", names), 200)}), but the labels of this span-tagging project are entity types, given as spans";
                return [];
            }

            var ids = new List<int>(names.Count);
            foreach (var name in names)
            {
                if (!byName.TryGetValue(name, out var id))
                {
                    error = $"unknown label '{UnicodeText.Quote(name)}'; this project's labels are {string.Join(", ", project.Labels.OrderBy(l => l.Order).Select(l => l.Name))}";
                    return [];
                }

                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }

            if (!project.MultiLabel && project.Task == ProjectTask.Classification && ids.Count > 1)
            {
                error = $"{ids.Count} labels ({UnicodeText.Quote(string.Join(", ", names), 200)}) but this project takes one label per document";
                return [];
            }

            return ids;
        }

        /// <summary>
        /// The record's spans with their labels' ids, snapped outwards to token boundaries as answers are, without
        /// repeats; null when the record brings no span answer. A span project's record whose spans say "no entity"
        /// gives an empty list: an answer.
        /// </summary>
        public IReadOnlyList<AnnotationSpan>? ResolveSpans(ImportRecord record, out ImportError? error)
        {
            error = null;
            if (record.Spans is not { } spans || (spans.Count == 0 && project.Task != ProjectTask.SpanTagging))
            {
                return null;
            }

            if (project.Task != ProjectTask.SpanTagging)
            {
                error = new ImportError(spans[0].Line ?? record.Line, $"the record has spans ({spans[0].Field}), but this project classifies whole documents; import spans into a span-tagging project");
                return null;
            }

            IReadOnlyList<Token>? tokens = null;
            var resolved = new List<AnnotationSpan>(spans.Count);
            var fields = new List<string>(spans.Count);
            foreach (var span in spans)
            {
                var line = span.Line ?? record.Line;
                if (!byName.TryGetValue(span.Label, out var id))
                {
                    error = new ImportError(line, $"unknown label '{UnicodeText.Quote(span.Label)}' in {span.Field}; this project's labels are {string.Join(", ", project.Labels.OrderBy(l => l.Order).Select(l => l.Name))}");
                    return null;
                }

                tokens ??= SpanTokenizer.Tokenize(record.Text);
                if (SpanSnapping.Snap(tokens, span.Start, span.End) is not var (start, end))
                {
                    error = new ImportError(line, $"{span.Field} covers no token: '{UnicodeText.Quote(record.Text[span.Start..span.End], 40)}' is only white space");
                    return null;
                }

                if (resolved.Any(r => r.Start == start && r.End == end && r.LabelId == id))
                {
                    continue;
                }

                // As for answers: overlapping entities only where the project allows them.
                var overlapped = resolved.FindIndex(r => r.Start < end && start < r.End);
                if (overlapped >= 0 && !project.OverlappingSpans)
                {
                    error = new ImportError(line, $"{span.Field} ('{UnicodeText.Quote(record.Text[start..end], 40)}') overlaps {fields[overlapped]} ('{UnicodeText.Quote(record.Text[resolved[overlapped].Start..resolved[overlapped].End], 40)}'); this project does not allow overlapping spans");
                    return null;
                }

                resolved.Add(new AnnotationSpan { Start = start, End = end, LabelId = id });
                fields.Add(span.Field);
            }

            return resolved;
        }
    }
}
