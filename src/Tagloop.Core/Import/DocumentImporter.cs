using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Projects;
using Tagloop.Core.Users;

namespace Tagloop.Core.Import;

/// <summary>
/// Imports documents into a project in one transaction: all or nothing unless bad lines may be skipped, exact
/// duplicates skipped, pre-filled labels stored as annotations by the import source. Files are streamed.
/// </summary>
public sealed class DocumentImporter(TagloopDbContext db, TimeProvider time)
{
    private const int ProgressEvery = 1_000;

    public async Task<Outcome<ImportResult>> ImportAsync(int projectId, Stream content, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        var maxLine = (int)Math.Min(int.MaxValue / 2, (options.MaxDocumentBytes * 4) + (64 * 1024));
        IRecordReader reader = options.Format switch
        {
            ImportFormat.Csv => new CsvRecordReader(content, options),
            ImportFormat.Jsonl => new JsonlRecordReader(content, maxLine, prodigy: false),
            ImportFormat.Prodigy => new JsonlRecordReader(content, maxLine, prodigy: true),
            _ => new TextRecordReader(content, maxLine),
        };
        long? total = content.CanSeek ? content.Length : null;
        var outcome = await RunAsync(projectId, reader.ReadAsync(cancellationToken), () => reader.BytesRead, total, options, progress, cancellationToken).ConfigureAwait(false);
        if (reader is CsvRecordReader { HeaderProblem: { } headerProblem } csv)
        {
            return Problem.Invalid(csv.HeaderField, headerProblem);
        }

        return outcome;
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

        // The source becomes the author of pre-filled labels, so it follows the annotator-name rule.
        var sourceName = AnnotatorName.Parse(options.Source, "source", "Import source", "import");
        if (!sourceName.Succeeded)
        {
            return Outcome<ImportResult>.Failure(sourceName.Problems);
        }

        var labels = new LabelResolver(project);
        var known = new HashSet<UInt128>();
        await foreach (var hash in db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId).Select(d => d.TextHash)
            .AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            known.Add(BinaryPrimitives.ReadUInt128LittleEndian(hash));
        }

        var now = time.GetUtcNow();
        var source = AnnotationSources.Import(sourceName.Value!);
        var tally = new Tally(options.MaxReportedErrors);
        long count = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async ct =>
            {
                var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var writer = new DocumentWriter(db, transaction.GetDbTransaction());
                    await using (writer.ConfigureAwait(false))
                    {
                        await foreach (var line in lines.ConfigureAwait(false))
                        {
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

                            var id = await writer.InsertDocumentAsync(projectId, record.Text, hash, BinaryPrimitives.ReadInt64LittleEndian(hash), record.MetaJson, now, ct).ConfigureAwait(false);
                            if (labelIds.Count > 0)
                            {
                                await writer.InsertLabelsAsync(projectId, id, sourceName.Value!, source, labelIds, now, ct).ConfigureAwait(false);
                                tally.Labelled++;
                            }

                            tally.Imported++;
                        }
                    }

                    progress?.Report(new ImportProgress(bytesRead(), totalBytes, count, tally.Imported));
                    if (tally.ErrorCount > 0 && !options.SkipInvalid)
                    {
                        await transaction.RollbackAsync(ct).ConfigureAwait(false);
                        return Outcome<ImportResult>.Success(tally.Rejected());
                    }

                    if (tally.Imported == 0 && tally.ErrorCount == 0 && tally.Duplicates == 0)
                    {
                        await transaction.RollbackAsync(ct).ConfigureAwait(false);
                        return Outcome<ImportResult>.Failure(Problem.Invalid("file", "The file is empty: it holds no documents."));
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return Outcome<ImportResult>.Success(tally.Result());
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
    }
}
