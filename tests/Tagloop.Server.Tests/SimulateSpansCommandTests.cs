using System.Text;
using System.Text.Json;

namespace Tagloop.Server.Tests;

/// <summary><c>tagloop simulate --task span-tagging</c> as a script runs it: CoNLL and JSONL input, the JSON shape, the plot and errors.</summary>
public sealed class SimulateSpansCommandTests : IDisposable
{
    private static readonly string[] People = ["Anna Novak", "Boris", "Chidi Okafor", "Dana Silva", "Emil", "Farah Haddad"];
    private static readonly string[] Places = ["Vellmar", "Port Ellis", "Kandor", "Sarnia"];

    private readonly string work = Directory.CreateTempSubdirectory("tagloop-spans-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task A_conll_pool_and_a_jsonl_test_set_give_entity_f1_on_every_point()
    {
        // The pool in IOB1 CoNLL with four columns (the reader converts), the test set as {"tokens", "tags"} JSONL.
        var train = Path.Combine(work, "train.conll");
        var test = Path.Combine(work, "test.jsonl");
        await File.WriteAllTextAsync(train, Conll(Sentences(60, seed: 1)));
        await File.WriteAllTextAsync(test, Jsonl(Sentences(30, seed: 2)));
        var json = Path.Combine(work, "out.json");
        var plot = Path.Combine(work, "curve.png");

        var (code, output, error) = await ServeProcess.RunAsync(
            "simulate", "--task", "span-tagging", "--train", train, "--test", test, "--strategy", "mnlp,token-entropy,random",
            "--seed-labels", "4", "--batch", "4", "--budget", "12", "--repeats", "1", "--json", json, "--plot", plot, "--data-dir", work);
        Assert.True(code == 0, output + error);
        Assert.Contains("entity F1", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(plot).Length > 1000);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal(60, root.GetProperty("train").GetInt32());
        Assert.Equal(30, root.GetProperty("test").GetInt32());
        Assert.Equal(2, root.GetProperty("classes").GetInt32());
        Assert.InRange(root.GetProperty("full_data").GetProperty("entity_f1").GetDouble(), 0.8, 1);
        Assert.Equal(["mnlp", "token-entropy", "random"], root.GetProperty("strategies").EnumerateObject().Select(p => p.Name));
        foreach (var strategy in root.GetProperty("strategies").EnumerateObject())
        {
            var curve = strategy.Value.GetProperty("curve").EnumerateArray().ToList();
            Assert.Equal([4, 8, 12], curve.Select(p => p.GetProperty("labels").GetInt32()));
            Assert.All(curve, p => Assert.InRange(p.GetProperty("entity_f1").GetDouble(), 0, 1));
            Assert.All(curve, p => Assert.InRange(p.GetProperty("accuracy").GetDouble(), 0, 1));
        }
    }

    [Fact]
    public async Task Bad_input_is_named_and_classification_options_are_refused()
    {
        var good = Path.Combine(work, "good.conll");
        await File.WriteAllTextAsync(good, Conll(Sentences(10, seed: 3)));
        var bad = Path.Combine(work, "bad.conll");
        await File.WriteAllTextAsync(bad, "Anna B-PER\nran O\nfast XYZ\n");

        var (code, _, error) = await ServeProcess.RunAsync("simulate", "--task", "span-tagging", "--train", bad, "--test", good, "--data-dir", work);
        Assert.Equal(1, code);
        Assert.Contains("bad.conll", error, StringComparison.Ordinal);
        Assert.Contains("Line 3", error, StringComparison.Ordinal);
        Assert.Contains("XYZ", error, StringComparison.Ordinal);

        (code, _, error) = await ServeProcess.RunAsync("simulate", "--task", "span-tagging", "--train", good, "--test", good, "--strategy", "margin", "--data-dir", work);
        Assert.Equal(1, code);
        Assert.Contains("'margin'", error, StringComparison.Ordinal);

        (code, _, error) = await ServeProcess.RunAsync("simulate", "--task", "span-tagging", "--train", good, "--test", good, "--encoder", "tfidf", "--data-dir", work);
        Assert.Equal(1, code);
        Assert.Contains("--encoder", error, StringComparison.Ordinal);

        (code, _, error) = await ServeProcess.RunAsync("simulate", "--task", "poetry", "--train", good, "--test", good, "--data-dir", work);
        Assert.Equal(1, code);
        Assert.Contains("'poetry'", error, StringComparison.Ordinal);
    }

    private static List<(string[] Tokens, string[] Tags)> Sentences(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = new List<(string[], string[])>();
        for (var i = 0; i < count; i++)
        {
            var tokens = new List<string>();
            var tags = new List<string>();
            void Name(string name, string type)
            {
                var parts = name.Split(' ');
                for (var p = 0; p < parts.Length; p++)
                {
                    tokens.Add(parts[p]);
                    tags.Add($"{(p == 0 ? "B" : "I")}-{type}");
                }
            }

            void Words(string words)
            {
                foreach (var w in words.Split(' '))
                {
                    tokens.Add(w);
                    tags.Add("O");
                }
            }

            Name(People[random.Next(People.Length)], "PER");
            Words(random.Next(2) == 0 ? "flew to" : "lives in");
            Name(Places[random.Next(Places.Length)], "LOC");
            Words(".");
            sentences.Add(([.. tokens], [.. tags]));
        }

        return sentences;
    }

    /// <summary>Four columns (token, POS, chunk, tag) in IOB1, where an entity starts with I- unless it follows one of its type.</summary>
    private static string Conll(List<(string[] Tokens, string[] Tags)> sentences)
    {
        var text = new StringBuilder("-DOCSTART- -X- -X- O\n\n");
        foreach (var (tokens, tags) in sentences)
        {
            for (var t = 0; t < tokens.Length; t++)
            {
                text.Append(tokens[t]).Append(" NN I-NP ").Append(tags[t].StartsWith("B-", StringComparison.Ordinal) ? "I-" + tags[t][2..] : tags[t]).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Jsonl(List<(string[] Tokens, string[] Tags)> sentences) =>
        string.Join('\n', sentences.Select(s => JsonSerializer.Serialize(new { tokens = s.Tokens, tags = s.Tags }))) + "\n";
}
