using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Core.Annotations;
using Tagloop.Core.Common;
using Tagloop.Core.Import;
using Tagloop.Core.Projects;
using Tagloop.Core.Taxonomy;
using Tagloop.Core.Training;
using Tagloop.Learning.Encoders;
using Tagloop.Pretrained;
using Tagloop.Server.Hosting;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Bench;

/// <summary>
/// Measures what an annotator waits for, on pools built from the shared real corpora: the time from a new label to a
/// refitted model and a re-ranked queue for 10k, 100k and 1M documents; <c>tasks/next</c> and answers under 20
/// concurrent annotators against the real server (100k documents, then while 50k-line imports run, then a 1.3M-document
/// project); encoding throughput; the process's peak memory with a 1M-document project. Writes docs/benchmarks/latency.md.
/// </summary>
internal static class Latency
{
    private static readonly string[] Labels = PoolDatabase.Labels;

    /// <summary>The wide taxonomy measured beside the 4-label one.</summary>
    private static readonly string[] WideLabels = [.. Enumerable.Range(1, 50).Select(i => $"Topic {i:00}")];

    public static async Task RunAsync(string datasets, string root, IReadOnlyList<int> sizes, string? wordVectors, int annotatorPool, int largePool, int largeTasks, IReadOnlyList<int> wideSizes, bool refitsOnly = false, bool withMemory = false, string? keptWork = null)
    {
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "unknown";
        var work = keptWork ?? Directory.CreateTempSubdirectory("tagloop-bench-latency-").FullName;
        var largest = Path.Combine(work, $"pool-{sizes.Max()}-{Labels.Length}");
        if (keptWork is not null && refitsOnly && withMemory && Directory.Exists(largest))
        {
            // The kept folder of an earlier run: only the server's memory is measured again.
            Console.WriteLine(await ServerMemoryAsync(largest, sizes.Max()));
            return;
        }

        try
        {
            var sentences = Sentences(datasets);
            Console.WriteLine($"{sentences.Count:N0} distinct texts from the shared corpora");
            var dense = DensePool.Load(sentences, root);
            Console.WriteLine(dense.Describe());
            using var denseEncoders = new DenseEncoders(new TextEncoderResources(MiniLmCacheDirectory: MiniLmModel.FolderIn(Path.Combine(root, "tagloop-data"))));
            var rows = new List<string>();
            foreach (var size in sizes)
            {
                foreach (var labels in wideSizes.Contains(size) ? [Labels, WideLabels] : new[] { Labels })
                {
                    rows.Add(await RefitAsync(work, Composed(sentences, size), size, labels, dense, denseEncoders));
                    SqliteConnection.ClearAllPools();
                    if (size != sizes.Max() || labels != Labels)
                    {
                        Directory.Delete(Path.Combine(work, $"pool-{size}-{labels.Length}"), recursive: true);
                    }
                }
            }

            if (refitsOnly)
            {
                // A quick look at the refit rows while working on the engine; the page is left as it is.
                rows.ForEach(Console.WriteLine);
                if (withMemory)
                {
                    Console.WriteLine(await ServerMemoryAsync(Path.Combine(work, $"pool-{sizes.Max()}-{Labels.Length}"), sizes.Max()));
                }

                return;
            }

            // The annotators' pool: its own folder, so the refits above leave it as an annotation team would.
            const int ImportLines = 50_000;
            var (texts, parts) = Composed(sentences, annotatorPool + (3 * ImportLines));
            var poolFolder = Path.Combine(work, $"annotators-{annotatorPool}");
            var (poolProject, _) = await PoolDatabase.BuildAsync(poolFolder, texts[..annotatorPool]);
            await dense.WriteAsync(poolFolder, poolProject, texts, parts);
            SqliteConnection.ClearAllPools();
            var imports = Enumerable.Range(0, 3).Select(i => texts.Skip(annotatorPool + (i * ImportLines)).Take(ImportLines).ToArray()).ToList();
            var annotators = await AnnotatorScenarios.SteadyAndImportingAsync(poolFolder, annotatorPool, imports);
            SqliteConnection.ClearAllPools();
            Directory.Delete(poolFolder, recursive: true);

            string? filterCost = null;
            if (largePool > 0)
            {
                var largeFolder = Path.Combine(work, $"annotators-{largePool}");
                var large = Composed(sentences, largePool);
                var (largeProject, largeImport) = await PoolDatabase.BuildAsync(largeFolder, large.Texts);
                await dense.WriteAsync(largeFolder, largeProject, large.Texts, large.Parts);
                Console.WriteLine($"{largePool:N0}: imported in {largeImport:0.0} s");
                filterCost = await FilterCost.MeasureAsync(largeFolder, largePool);
                Console.WriteLine(filterCost);
                SqliteConnection.ClearAllPools();
                annotators.Add(await AnnotatorScenarios.LargeAsync(largeFolder, largePool, largeTasks));
                SqliteConnection.ClearAllPools();
                Directory.Delete(largeFolder, recursive: true);
            }

            var memory = await ServerMemoryAsync(Path.Combine(work, $"pool-{sizes.Max()}-{Labels.Length}"), sizes.Max());
            var encoding = Encoding(sentences, wordVectors);
            var page = new StringBuilder()
                .AppendLine("# Latency")
                .AppendLine()
                .AppendLine("Written by `dotnet run -c Release --project bench/Tagloop.Bench -- latency` (numbers from its last run).")
                .AppendLine()
                .AppendLine("## From a label to a refitted model and a re-ranked queue")
                .AppendLine()
                .AppendLine("Pools built from the shared corpora (TREC, SMS spam, SST-2, YouTube spam, SpamAssassin, AG News, Rotten Tomatoes): their distinct texts, and beyond that")
                .AppendLine("pairs of them joined, so every document is real text and none is a duplicate. A project with the default encoder")
                .AppendLine("(`minilm+tfidf`: MiniLM sentence embeddings beside TF-IDF) and a taxonomy of 4 labels, or 50 at the sizes marked,")
                .AppendLine("imported through the importer into SQLite, 200 labels given first (random labels: the work per refit does not depend on")
                .AppendLine("whether they are right); then 20 times: one more label on the document at the head of the queue, and")
                .AppendLine("`ProjectTrainer.Train` (reads the answers, refits warm-started, scores the whole pool with the project's default strategy,")
                .AppendLine("ranks it with the diverse head) — what the next annotator waits for. Cross-validation and calibration run after the new")
                .AppendLine("queue is published and are timed apart. The first training also encodes the corpus (TF-IDF and its projection) and")
                .AppendLine("maps the embeddings file. The phases: fit is the MAP search and the posterior; score, every pool row's logit mean and")
                .AppendLine("variance and its predictive probabilities; rank, the strategy's scores, the sort and the head (with too few labels per class")
                .AppendLine("on the 50-label taxonomy, the cold-start rule's class-seeking and k-means++ picks).")
                .AppendLine()
                .AppendLine("The embeddings: " + dense.Describe() + ". A pool document that joins two texts gets the normalised")
                .AppendLine("sum of their two unit vectors (what mean pooling over the joined text tends to), written into the project's embedding")
                .AppendLine("store as the server's background encoder leaves it; encoding a million texts for each run would take hours on two")
                .AppendLine("cores (MiniLM's own throughput is on [minilm.md](minilm.md)).")
                .AppendLine()
                .AppendLine("| documents | labels in the taxonomy | import | first training (TF-IDF encoding, embeddings mapped) | label → re-ranked queue, median | p95 | of which fit / score / rank (medians) | evaluation when due (median, how many ran) | process peak memory |")
                .AppendLine("|---|---|---|---|---|---|---|---|---|");
            rows.ForEach(r => page.AppendLine(r));
            page.AppendLine()
                .AppendLine("The peak memory column is this benchmark's own process, which also holds every pool's texts and the import")
                .AppendLine("stream; the server's figure is below.")
                .AppendLine()
                .AppendLine("## Memory of the server with the largest project")
                .AppendLine()
                .AppendLine(memory)
                .AppendLine()
                .AppendLine("What a million documents hold, by design: the TF-IDF rows packed, a 32-bit word per non-zero (178 million")
                .AppendLine("non-zeros: 712 MB; weighed from the vector cache in streaming passes, so the term frequencies are never held")
                .AppendLine("beside them); the sentence vectors' memory map, a byte per dimension and a scale per document (396 MB); every")
                .AppendLine("row's coordinates in the labelled span, half precision at rank 128 (256 MB); the projection for diversity, a")
                .AppendLine("byte per dimension (68 MB). The ONNX Runtime session is made only when a text needs encoding (here none do).")
                .AppendLine()
                .AppendLine("## `tasks/next` and answers with 20 annotators")
                .AppendLine()
                .AppendLine("The real server (Kestrel on loopback, SQLite) in the benchmark's process, started on a folder holding one project")
                .AppendLine("(a pool as above, 200 labels) and measured once its first model is out. 20 annotators at once, each fetching")
                .AppendLine("`tasks/next`, reading for 200–600 ms and posting an answer; the training coordinator retrains after every answer")
                .AppendLine("(merging the answers that arrive while it trains). First 25 tasks each; then for as long as three 50,000-line JSONL")
                .AppendLine("imports of new texts, posted one after another to `POST documents`, run (counting the requests sent while an import")
                .AppendLine("ran, however long they took); then 20 annotators × " + largeTasks.ToString(CultureInfo.InvariantCulture) + " tasks on a project of " + largePool.ToString("N0", CultureInfo.InvariantCulture) + " documents. Times are from the")
                .AppendLine("client: request sent to body read. The projects have the default encoder and their embeddings (as above), so after each")
                .AppendLine("import completes the server embeds its texts with MiniLM in the background, on the same two cores, while the next runs.")
                .AppendLine()
                .AppendLine(AnnotatorScenarios.TableHeader);
            annotators.ForEach(r => page.AppendLine(r));
            page.AppendLine()
                .AppendLine("## What hiding unfinished imports costs")
                .AppendLine()
                .AppendLine("Documents (and pre-filled labels) of an import that has not completed are hidden by a global query filter:")
                .AppendLine("`ImportRunId IS NULL OR ImportRunId NOT IN (SELECT Id FROM ImportRuns WHERE State <> completed)`, whose")
                .AppendLine("subquery SQLite runs once per statement; the column sits in the index (ProjectId, ImportRunId, ShuffleKey), so")
                .AppendLine("counts stay index-only.")
                .AppendLine()
                .AppendLine(filterCost ?? "not measured (no large pool)")
                .AppendLine()
                .AppendLine("## Encoding throughput")
                .AppendLine()
                .AppendLine(encoding)
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, 1-minute load average {load} at the start, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
            var output = Path.Combine(root, "docs", "benchmarks", "latency.md");
            await File.WriteAllTextAsync(output, page.ToString());
            Console.WriteLine($"Wrote {output}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (keptWork is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<string> RefitAsync(
        string work, (List<string> Texts, List<(int A, int B)> Parts) pool, int size, string[] labels, DensePool dense, DenseEncoders denseEncoders)
    {
        var folder = Path.Combine(work, $"pool-{size}-{labels.Length}");
        var databasePath = Path.Combine(folder, SqliteStorage.DatabaseFileName);
        var (projectId, importSeconds) = await PoolDatabase.BuildAsync(folder, pool.Texts, labels);
        Console.WriteLine($"{size:N0}, {labels.Length} labels: imported in {importSeconds:0.0} s");
        var embedSeconds = await dense.WriteAsync(folder, projectId, pool.Texts, pool.Parts);
        Console.WriteLine($"{size:N0}: embeddings written in {embedSeconds:0.0} s");
        await using var services = new ServiceCollection().AddTagloopSqlite(databasePath).BuildServiceProvider();
        var trainer = new ProjectTrainer(TimeProvider.System, null, null, new EmbeddingStore(Path.Combine(folder, "embeddings")), denseEncoders);
        var random = new Random(5);
        var clock = Stopwatch.StartNew();
        ModelSnapshot model;
        await using (var scope = services.CreateAsyncScope())
        {
            model = trainer.Train(scope.ServiceProvider.GetRequiredService<TagloopDbContext>(), projectId, null)!;
        }

        var first = clock.Elapsed.TotalSeconds;
        if (model.Encoder.Name != TextEncoderCatalog.Default)
        {
            throw new InvalidOperationException($"The model read with {model.Encoder.Name}, not the default {TextEncoderCatalog.Default}: embeddings missing?");
        }

        model = trainer.Evaluate(model);
        Console.WriteLine($"{size:N0}: first training {first:0.0} s");
        var refits = new List<double>();
        var phases = new List<(double Read, double Span, double Fit, double Score, double Rank)>();
        var evaluations = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            await new AnnotationRecorder(db, TimeProvider.System).RecordAsync(projectId, "bench", new NewAnnotation(model.Ranked[0], [labels[random.Next(labels.Length)]]), CancellationToken.None);
            clock.Restart();
            model = trainer.Train(db, projectId, model)!;
            refits.Add(clock.Elapsed.TotalMilliseconds);
            phases.Add(model.Phases);
            clock.Restart();
            var evaluated = trainer.Evaluate(model);
            if (!ReferenceEquals(evaluated, model))
            {
                // Only the evaluations that ran (the schedule skips most past 200 labels).
                evaluations.Add(clock.Elapsed.TotalMilliseconds);
            }

            model = evaluated;
        }

        refits.Sort();
        evaluations.Sort();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"{size:N0}, {labels.Length} labels: refit median {Percentile(refits, 0.5):0} ms, p95 {Percentile(refits, 0.95):0} ms, peak {peak / 1e9:0.00} GB");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  phase medians: read {Median(phases.Select(p => p.Read)):0} ms, span {Median(phases.Select(p => p.Span)):0} ms, fit {Median(phases.Select(p => p.Fit)):0} ms, score {Median(phases.Select(p => p.Score)):0} ms, rank {Median(phases.Select(p => p.Rank)):0} ms"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {size:N0} | {labels.Length} | {importSeconds:0.0} s | {first:0.0} s | {Percentile(refits, 0.5):0} ms | {Percentile(refits, 0.95):0} ms | {Median(phases.Select(p => p.Fit)):0} / {Median(phases.Select(p => p.Score)):0} / {Median(phases.Select(p => p.Rank)):0} ms | {(evaluations.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(evaluations, 0.5):0} ms ({evaluations.Count})"))} | {peak / 1e9:0.00} GB |");
    }

    /// <summary>
    /// Runs <c>tagloop serve</c> as its own process on the largest pool's folder until its first evaluated model is saved
    /// (the start-up training: encoding every document into the vector cache, fitting, ranking, cross-validating) and
    /// reads the process's peak resident memory (VmHWM).
    /// </summary>
    private static async Task<string> ServerMemoryAsync(string dataDir, int size)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "tagloop.dll");
        var modelFile = Path.Combine(dataDir, "models", "project-1.tlm");
        if (File.Exists(modelFile))
        {
            File.Delete(modelFile);
        }

        // The vector cache too, so that every run starts by encoding the corpus, as a first start does.
        if (Directory.Exists(Path.Combine(dataDir, "vectors")))
        {
            Directory.Delete(Path.Combine(dataDir, "vectors"), recursive: true);
        }
        using var server = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "serve", "--data-dir", dataDir, "--port", "5097", "--no-word-vectors" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(modelFile) && !server.HasExited && clock.Elapsed < TimeSpan.FromMinutes(15))
        {
            await Task.Delay(500);
        }

        var status = File.Exists($"/proc/{server.Id}/status") ? await File.ReadAllLinesAsync($"/proc/{server.Id}/status") : [];
        var peak = status.FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var resident = status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var seconds = clock.Elapsed.TotalSeconds;
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        Console.WriteLine($"server with {size:N0} documents: peak {peak}, now {resident}, model after {seconds:0} s");
        return string.Create(CultureInfo.InvariantCulture,
            $"`tagloop serve` as its own process on the {size:N0}-document project above (220 labels), from start until its first evaluated model was saved ({seconds:0} s: reading every document into the vector cache, fitting, ranking, cross-validating): peak resident memory **{ToGigabytes(peak)}**, {ToGigabytes(resident)} when the model was ready.");
    }

    private static string ToGigabytes(string? kilobytes) =>
        kilobytes is not null && long.TryParse(kilobytes.Split(' ')[0], CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1e6:0.00} GB")
            : "not measured";

    private static string Encoding(IReadOnlyList<string> sentences, string? wordVectors)
    {
        var texts = Pool(sentences, 100_000);
        var lines = new StringBuilder("One thread, 100,000 documents from the pool above. Fitting learns from the corpus (document frequencies; word\nfrequencies and the common component), once per corpus; encoding is the per-document cost.\n\n| encoder | fit | encode | encoding throughput |\n|---|---|---|---|\n");
        var clock = Stopwatch.StartNew();
        var tfidf = HashedTfidfEncoder.Fit(texts);
        var fit = clock.Elapsed.TotalSeconds;
        clock.Restart();
        _ = tfidf.Encode(texts);
        lines.AppendLine(CultureInfo.InvariantCulture, $"| tfidf | {fit:0.0} s | {clock.Elapsed.TotalSeconds:0.0} s | **{texts.Count / clock.Elapsed.TotalSeconds:N0} documents/s** |");
        if (wordVectors is not null && File.Exists(wordVectors))
        {
            clock.Restart();
            using var vectors = WordVectors.Open(wordVectors);
            var open = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var sif = SifEncoder.Fit(vectors, texts);
            fit = clock.Elapsed.TotalSeconds;
            var output = new float[texts.Count * sif.Dimension];
            clock.Restart();
            sif.Encode(texts, output);
            lines.AppendLine(CultureInfo.InvariantCulture, $"| glove-sif (vectors opened in {open:0.00} s) | {fit:0.0} s | {clock.Elapsed.TotalSeconds:0.0} s | **{texts.Count / clock.Elapsed.TotalSeconds:N0} documents/s** |");
        }
        else
        {
            lines.AppendLine("| glove-sif | – | – | not measured: run `./tagloop models pull glove-100d` first |");
        }

        return lines.ToString();
    }

    internal static List<string> Sentences(string datasets)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(datasets, "*.jsonl", SearchOption.AllDirectories).Where(f => !f.Contains("conll", StringComparison.Ordinal) && !f.Contains("wrench", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var row = JsonDocument.Parse(line);
                // The importer refuses text that is not valid Unicode or holds NUL (a few mails do).
                if (row.RootElement.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } value && UnicodeText.IsValid(value))
                {
                    texts.Add(value);
                }
            }
        }

        return [.. texts.Order(StringComparer.Ordinal)];
    }

    /// <summary>The first <paramref name="size"/> of: every distinct text, then seeded pairs of them joined by a space.</summary>
    private static List<string> Pool(IReadOnlyList<string> sentences, int size) => Composed(sentences, size).Texts;

    /// <summary>As <see cref="Pool"/>, with the sentences each text is made of (B is -1 for a single one).</summary>
    internal static (List<string> Texts, List<(int A, int B)> Parts) Composed(IReadOnlyList<string> sentences, int size)
    {
        var pool = new List<string>(size);
        var parts = new List<(int A, int B)>(size);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(size, sentences.Count); i++)
        {
            pool.Add(sentences[i]);
            parts.Add((i, -1));
            seen.Add(sentences[i]);
        }

        var random = new Random(11);
        while (pool.Count < size)
        {
            var (a, b) = (random.Next(sentences.Count), random.Next(sentences.Count));
            var text = $"{sentences[a]} {sentences[b]}";
            if (seen.Add(text))
            {
                pool.Add(text);
                parts.Add((a, b));
            }
        }

        return (pool, parts);
    }

    private static double Median(IEnumerable<double> values) => Percentile([.. values.Order()], 0.5);

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
