using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tagloop.Server.Hosting;
using Tagloop.Tests.Storage;

namespace Tagloop.Bench;

/// <summary>
/// A team on SQLite and on PostgreSQL side by side: 20 annotators' <c>tasks/next</c> and answer latencies against the
/// real server while its model retrains, with and without overlap, checked for documents served twice and answers
/// lost; then what agreement, annotator figures, likely mislabels and the review queue cost at 100k answers.
/// PostgreSQL is the tests' throwaway cluster (<see cref="PostgresServer"/>, stopped when the process exits). Writes
/// docs/benchmarks/team.md.
/// </summary>
internal static class Team
{
    public const int Annotators = 20;

    /// <summary>The agreement query at 100,000 answers before its fix (measured once, with the code of commit fda688f).</summary>
    private const string BeforeFix = "233 s (one run)";

    public static async Task<int> RunAsync(string datasets, string root, int documents, int tasksEach, int answerDocuments, int runs)
    {
        string teamDatabase;
        string costDatabase;
        try
        {
            teamDatabase = PostgresServer.CreateDatabase();
            costDatabase = PostgresServer.CreateDatabase();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"The team benchmark measures PostgreSQL beside SQLite, and could not start it. {e.Message}");
            return 2;
        }

        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "unknown";
        var work = Directory.CreateTempSubdirectory("tagloop-bench-team-").FullName;
        try
        {
            var sentences = Latency.Sentences(datasets);
            List<string> shuffled = [.. sentences];
            var random = new Random(3);
            for (var i = shuffled.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }

            Console.WriteLine($"{sentences.Count:N0} distinct texts from the shared corpora");
            var corpus = shuffled.Take(documents).ToList();

            // A connection per annotator and some for the trainer: more than the tests' pool of 20.
            var server = new NpgsqlConnectionStringBuilder(teamDatabase) { MaxPoolSize = 100 }.ConnectionString;
            var results = new List<TeamResult>();
            results.AddRange(await TeamScenario.RunAsync("SQLite", Path.Combine(work, "team-sqlite"), null, corpus, Annotators, tasksEach));
            SqliteConnection.ClearAllPools();
            results.AddRange(await TeamScenario.RunAsync("PostgreSQL", Path.Combine(work, "team-postgres"), server, corpus, Annotators, tasksEach));
            NpgsqlConnection.ClearAllPools();

            var answerTexts = shuffled.Take(answerDocuments).ToList();
            var costs = new List<string>();
            costs.AddRange(await ReviewCost.MeasureAsync("SQLite", StorageChoice.For(null, Path.Combine(work, "cost-sqlite")), answerTexts, Annotators, runs));
            var state = ReviewCost.Summary;
            SqliteConnection.ClearAllPools();
            costs.AddRange(await ReviewCost.MeasureAsync("PostgreSQL", StorageChoice.For(costDatabase, work), answerTexts, Annotators, runs));
            NpgsqlConnection.ClearAllPools();

            var machine = await MachineAsync(teamDatabase, load);
            await File.WriteAllTextAsync(Path.Combine(root, "docs", "benchmarks", "team.md"), Page(results, costs, state, documents, tasksEach, runs, machine));
            Console.WriteLine("Wrote docs/benchmarks/team.md");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            PostgresServer.DropDatabase(teamDatabase);
            PostgresServer.DropDatabase(costDatabase);
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Page(List<TeamResult> results, List<string> costs, string state, int documents, int tasksEach, int runs, string machine)
    {
        var page = new StringBuilder()
            .AppendLine("# A team on SQLite and PostgreSQL")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project bench/Tagloop.Bench -- team` (defaults: `--documents {documents} --tasks {tasksEach} --answer-documents 40000 --runs {runs}`; numbers from its last run).")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"## `tasks/next` and answers with {Annotators} annotators")
            .AppendLine()
            .AppendLine("The real server (Kestrel on loopback, in the benchmark's process, no accounts: each annotator is its own HTTP")
            .AppendLine("client named by the `X-Tagloop-Annotator` header), once on SQLite (the data folder's `tagloop.db`: WAL,")
            .AppendLine("synchronous=FULL) and once on PostgreSQL (a throwaway cluster on loopback, started as the storage tests start")
            .AppendLine("theirs: `fsync=off`, `synchronous_commit=off`, so its commits cost less than a real deployment's; SQLite's are")
            .AppendLine(CultureInfo.InvariantCulture, $"durable). On each, one project per workload: {documents:N0} distinct real texts from the shared corpora (AG News, TREC, SST-2,")
            .AppendLine("SMS and YouTube spam, SpamAssassin, Rotten Tomatoes; shuffled with a seed, the same on both) imported over HTTP, a 4-label")
            .AppendLine("taxonomy, the TF-IDF encoder (the default sentence model would first spend both cores embedding the corpus for")
            .AppendLine("minutes) and the default strategy; a first annotator gives 200 answers and the first model comes out. Then")
            .AppendLine(CultureInfo.InvariantCulture, $"{Annotators} annotators at once, each {tasksEach} times: `GET tasks/next`, 200–600 ms of reading, `POST annotations` with a")
            .AppendLine("label; the training coordinator retrains after the answers (merging those that arrive while it fits) and")
            .AppendLine("cross-validates when due, on the same two cores. Times are from the client, request sent to body read;")
            .AppendLine("throughput is acknowledged answers per second of the run. Workloads: no overlap; and 20% of documents answered")
            .AppendLine("independently by 3 people (`PATCH settings {overlapShare: 0.2, overlapAnswers: 3}`).")
            .AppendLine()
            .Append("| figure |");
        foreach (var r in results)
        {
            page.Append(CultureInfo.InvariantCulture, $" {r.Storage}, {r.Workload.Name} |");
        }

        page.AppendLine().Append("|---|").AppendLine(string.Concat(results.Select(_ => "---|")));
        void Line(string figure, Func<TeamResult, string> cell) =>
            page.Append(CultureInfo.InvariantCulture, $"| {figure} |").AppendLine(string.Concat(results.Select(r => $" {cell(r)} |")));
        string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
        Line("`tasks/next` p50", r => Ms(TeamScenario.Percentile(r.Figures.Next, 0.5)));
        Line("`tasks/next` p95", r => "**" + Ms(TeamScenario.Percentile(r.Figures.Next, 0.95)) + "**");
        Line("`tasks/next` p99", r => Ms(TeamScenario.Percentile(r.Figures.Next, 0.99)));
        Line("`tasks/next` max", r => Ms(r.Figures.Next.Max()));
        Line("answer p50", r => Ms(TeamScenario.Percentile(r.Figures.Answers, 0.5)));
        Line("answer p95", r => "**" + Ms(TeamScenario.Percentile(r.Figures.Answers, 0.95)) + "**");
        Line("answer p99", r => Ms(TeamScenario.Percentile(r.Figures.Answers, 0.99)));
        Line("answer max", r => Ms(r.Figures.Answers.Max()));
        Line("answers acknowledged", r => r.Figures.Acknowledged.Count.ToString("N0", CultureInfo.InvariantCulture));
        Line("throughput", r => (r.Figures.Acknowledged.Count / r.Figures.Seconds).ToString("0.0", CultureInfo.InvariantCulture) + " answers/s");
        Line("models published during the run", r => r.ModelsPublished.ToString(CultureInfo.InvariantCulture));
        Line("import of the corpus over HTTP", r => r.ImportSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
        Line("documents served to more people than allowed (1, or 3 on an overlap document)", r => r.OverServed.ToString(CultureInfo.InvariantCulture));
        Line("a document served twice to one person", r => r.ServedTwiceToOne.ToString(CultureInfo.InvariantCulture));
        Line("documents served to several people", r => r.Shared.ToString("N0", CultureInfo.InvariantCulture));
        Line("acknowledged answers missing afterwards", r => r.Missing.ToString(CultureInfo.InvariantCulture));
        page.AppendLine()
            .AppendLine("The checks read the database after the server has stopped: every answer the server acknowledged with a 201")
            .AppendLine("must be there, current, by its annotator, with its label; and from what each annotator was served (the first")
            .AppendLine("annotator's 200 included), no document may go to more people than the project allows, nor twice to one person.")
            .AppendLine()
            .AppendLine("## Agreement, annotator figures, mislabels and the review queue at 100k answers")
            .AppendLine()
            .AppendLine("A synthetic but realistic project written into a real database, SQLite (a file, as above) and PostgreSQL: real")
            .AppendLine("texts imported through the importer, a 5-label taxonomy with uneven class shares (30/25/20/15/10%), 20 annotators")
            .AppendLine("with error rates from 2% to 30% (60% of errors to a confusable neighbouring label), half the documents answered by")
            .AppendLine("two people and half by three, one document in 40 also skipped by someone, 1% of answers flagged; answers are")
            .AppendLine("written in large transactions. The model's out-of-fold probabilities (what cross-validation leaves on the")
            .AppendLine("evaluated model, one row per labelled document with its majority answer) are drawn around the true label (right")
            .AppendLine("about 85% of the time). State: " + state + ".")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Each computation runs through the class its endpoint uses, in a fresh scope (a new DbContext, as a request gets): one warm-up run, then a Stopwatch loop of {runs} runs (3 when a run takes more than 5 s); the median and the range. The agreement query includes its 1,000-resample bootstrap intervals (α, Fleiss' κ, α per label, Cohen's κ per pair).")
            .AppendLine()
            .AppendLine("| computation | storage | median | range |")
            .AppendLine("|---|---|---|---|");
        costs.ForEach(c => page.AppendLine(c));
        page.AppendLine()
            .AppendLine("The agreement query is the slow one, and its time is the bootstrap: seven document-level intervals (α, Fleiss' κ,")
            .AppendLine("α for each of the 5 labels), each 1,000 resamples of the 40,000 shared documents (280 million document visits, each")
            .AppendLine("a random read), and 190 pairs' Cohen's κ, each 1,000 resamples of the pair's documents. Until this benchmark each")
            .AppendLine("resample also built a list per document (Krippendorff's α and Fleiss' κ were computed from rated units converted")
            .AppendLine("anew every time), and each pair scanned every shared document for its two annotators: at 10,000 answers the query")
            .AppendLine("took 9.2 s, and at 100,000 answers " + BeforeFix + ". Now the statistics are computed from counts per label, made once")
            .AppendLine("per document, and each pair's documents are gathered in one pass; the bootstrap then resamples document indices over")
            .AppendLine("per-document sums laid out contiguously, with one set of resamples shared by α, Fleiss' κ and the per-label α, and")
            .AppendLine("the pairs computed in parallel (the same figures to the last digit): the time above at 100,000 answers. What remains")
            .AppendLine("is the resampling itself; computing the report once per change of the answers rather than on every request would")
            .AppendLine("take it further (not done here).")
            .AppendLine()
            .AppendLine(machine);
        return page.ToString();
    }

    private static async Task<string> MachineAsync(string postgres, string load)
    {
        var memory = File.Exists("/proc/meminfo")
            ? (await File.ReadAllLinesAsync("/proc/meminfo")).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var gigabytes = memory is not null && long.TryParse(memory.Split(' ')[0], CultureInfo.InvariantCulture, out var kb) ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1e6:0} GB RAM") : "RAM unknown";
        string postgresVersion;
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            postgresVersion = (string)(await command.ExecuteScalarAsync())!;
        }

        string sqliteVersion;
        await using (var connection = new SqliteConnection("Data Source=:memory:"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            sqliteVersion = (string)(await command.ExecuteScalarAsync())!;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Machine: {Environment.ProcessorCount} cores, {gigabytes}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, SQLite {sqliteVersion}, PostgreSQL {postgresVersion.Split(' ')[0]}, 1-minute load average {load} at the start, measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd}.");
    }
}
