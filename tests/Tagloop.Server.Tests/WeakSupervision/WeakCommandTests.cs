using System.Text.Json;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary><c>tagloop weak</c> as a script runs it: the JSON shape, the figures on WRENCH YouTube's recorded votes, rules files and errors.</summary>
public sealed class WeakCommandTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("tagloop-weak-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Recorded_votes_give_the_documented_json_and_the_label_model_is_not_below_majority_vote()
    {
        var json = Path.Combine(work, "out.json");
        var (code, output, error) = await ServeProcess.RunAsync(
            "weak", "--train", Shared("wrench", "youtube", "train.jsonl"), "--test", Shared("wrench", "youtube", "test.jsonl"),
            "--weak-labels-field", "weak_labels", "--encoder", "tfidf", "--json", json, "--data-dir", work);
        Assert.True(code == 0, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal(1586, root.GetProperty("train").GetInt32());
        Assert.Equal(250, root.GetProperty("test").GetInt32());
        Assert.Equal(["ham", "spam"], root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!));
        var rules = root.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(10, rules.Count);
        Assert.Equal("keyword_my", rules[0].GetProperty("name").GetString());

        // keyword_subscribe votes spam on 36 of the 250 test comments, all of them spam (WRENCH's recorded outputs).
        Assert.Equal(0.144, rules[1].GetProperty("coverage").GetDouble(), 6);
        Assert.Equal(1.0, rules[1].GetProperty("accuracy").GetDouble(), 6);

        // Majority vote over the 232 covered test comments: 195 right, ties counted half (WRENCH's LFs as shipped).
        var majority = root.GetProperty("majority_vote");
        Assert.Equal(232 / 250.0, majority.GetProperty("coverage").GetDouble(), 6);
        Assert.Equal(0.841, majority.GetProperty("accuracy").GetDouble(), 3);
        var model = root.GetProperty("label_model");
        Assert.Equal("triplet", model.GetProperty("name").GetString());
        Assert.True(model.GetProperty("accuracy").GetDouble() >= majority.GetProperty("accuracy").GetDouble());
        Assert.False(root.TryGetProperty("extended", out _));
        var end = root.GetProperty("end_model");
        Assert.InRange(end.GetProperty("accuracy").GetDouble(), 0.8, 1.0);
        Assert.InRange(end.GetProperty("macro_f1").GetDouble(), 0.8, 1.0);
        Assert.True(root.GetProperty("fit_ms").GetDouble() >= 0);
        Assert.Contains("Majority vote: accuracy 0.841", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rules_file_labels_sms_and_names_its_rules()
    {
        var rulesFile = Path.Combine(work, "rules.json");
        await File.WriteAllTextAsync(rulesFile, """
            {"rules": [
              {"name": "prizes", "label": "spam", "kind": "keywords", "terms": ["prize", "winner", "claim", "free*"]},
              {"name": "numbers to text", "label": "spam", "kind": "regex", "pattern": "\\b\\d{5}\\b"},
              {"name": "chat", "label": "ham", "kind": "keywords", "terms": ["lol", "ok", "home", "love you"]}
            ]}
            """);
        var json = Path.Combine(work, "out.json");
        var (code, output, error) = await ServeProcess.RunAsync(
            "weak", "--train", Shared("sms_spam", "train.jsonl"), "--test", Shared("sms_spam", "test.jsonl"),
            "--rules", rulesFile, "--label-model", "triplet", "--encoder", "tfidf", "--json", json, "--data-dir", work);
        Assert.True(code == 0, output + error);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        Assert.Equal(["ham", "spam"], root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(["prizes", "numbers to text", "chat"], root.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
        Assert.All(root.GetProperty("rules").EnumerateArray(), r => Assert.True(r.GetProperty("coverage").GetDouble() > 0));
        Assert.Equal("triplet", root.GetProperty("label_model").GetProperty("name").GetString());
        Assert.InRange(root.GetProperty("end_model").GetProperty("accuracy").GetDouble(), 0.7, 1.0);
    }

    [Fact]
    public async Task Bad_input_is_named_and_nothing_is_written()
    {
        var json = Path.Combine(work, "out.json");
        var train = Shared("sms_spam", "train.jsonl");
        var test = Shared("sms_spam", "test.jsonl");
        var both = await ServeProcess.RunAsync("weak", "--train", train, "--test", test, "--rules", "x.json", "--weak-labels-field", "w", "--json", json);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("either --rules RULES.json or --weak-labels-field FIELD", both.Error, StringComparison.Ordinal);

        var model = await ServeProcess.RunAsync("weak", "--train", train, "--test", test, "--weak-labels-field", "w", "--label-model", "snorkel");
        Assert.Contains("unknown label model 'snorkel'", model.Error, StringComparison.Ordinal);

        var rulesFile = Path.Combine(work, "rules.json");
        await File.WriteAllTextAsync(rulesFile, """{"rules": [{"name": "r", "label": "spam", "kind": "regex", "pattern": "(unclosed"}]}""");
        var regex = await ServeProcess.RunAsync("weak", "--train", train, "--test", test, "--rules", rulesFile, "--encoder", "tfidf", "--json", json, "--data-dir", work);
        Assert.Equal(1, regex.ExitCode);
        Assert.Contains("'r'", regex.Error, StringComparison.Ordinal);
        Assert.Contains("(unclosed", regex.Error, StringComparison.Ordinal);

        var field = await ServeProcess.RunAsync("weak", "--train", train, "--test", test, "--weak-labels-field", "weak_labels", "--encoder", "tfidf", "--json", json, "--data-dir", work);
        Assert.Equal(1, field.ExitCode);
        Assert.Contains("train.jsonl line 1: \"weak_labels\" must be an array", field.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    /// <summary>A shared dataset file: ../shared beside the repository, else the copy under tests/shared.</summary>
    private static string Shared(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tagloop.slnx")))
            {
                var path = Path.Combine([dir.FullName, "..", "shared", "datasets", .. parts]);
                return File.Exists(path) ? Path.GetFullPath(path) : Path.Combine([dir.FullName, "tests", "shared", "datasets", .. parts]);
            }
        }

        throw new InvalidOperationException("The repository root (Tagloop.slnx) was not found.");
    }
}
