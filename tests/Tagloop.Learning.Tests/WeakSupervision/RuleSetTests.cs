using Tagloop.Learning.Encoders;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class RuleSetTests
{
    private static readonly string[] Classes = ["animals", "money"];

    // Documents at 0°, 36.87° (0.8, 0.6), 90°, 180°, a zero vector, and (2, 0) — not of unit length.
    private static readonly float[] Vectors = [1, 0, 0.8f, 0.6f, 0, 1, -1, 0, 0, 0, 2, 0];

    [Fact]
    public void A_similarity_rule_votes_where_the_nearest_example_is_within_the_threshold()
    {
        var corpus = Corpus();
        Assert.Equal([0, 1, 5], Hits(Similar(0.7, "cat"), corpus));
        Assert.Equal([0, 5], Hits(Similar(0.9, "cat"), corpus));
        Assert.Equal([0, 2, 5], Hits(Similar(0.9, "cat", "bank"), corpus));
        Assert.Equal([0, 1, 2, 5], Hits(Similar(0.6, "cat", "bank"), corpus));
        Assert.Equal([0, 1, 2, 3, 5], Hits(Similar(-1, "cat"), corpus));
    }

    [Fact]
    public void A_label_description_rule_compares_documents_with_the_description_of_its_label()
    {
        var rule = new RuleDefinition { Name = "d", Label = "money", Kind = RuleKind.LabelDescription, Threshold = 0.5 };
        var corpus = Corpus(new Dictionary<string, string> { ["money"] = "bank" });
        Assert.Equal([1, 2], Hits(rule, corpus));

        var preview = RuleSet.Compile([rule], Classes).ApplyOne(0, Corpus(new Dictionary<string, string> { ["animals"] = "cat" }));
        Assert.Equal("Rule 0 'd': its label 'money' has no description to compare documents with.", preview.Failure!.Message);
        Assert.Equal(0, preview.Votes.Count);
    }

    [Fact]
    public void Similarity_rules_fail_clearly_without_vectors_and_refuse_a_mismatched_encoder()
    {
        var set = RuleSet.Compile([Similar(0.5, "cat")], Classes);
        var noVectors = set.ApplyOne(0, new RuleCorpus(["a", "b"]));
        Assert.Contains("needs the documents' vectors", noVectors.Failure!.Message, StringComparison.Ordinal);
        var noEncoder = set.ApplyOne(0, new RuleCorpus(["a"]) { Vectors = new DenseMatrix(2, [1, 0]) });
        Assert.Contains("needs the encoder", noEncoder.Failure!.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<ArgumentException>(() => set.ApplyOne(0, new RuleCorpus(["a"]) { Vectors = new DenseMatrix(3, [1, 0, 0]), Encoder = new TableEncoder() }));
        Assert.Contains("gives 2 dimensions but its vectors have 3", wrong.Message, StringComparison.Ordinal);
        var count = Assert.Throws<ArgumentException>(() => set.ApplyOne(0, new RuleCorpus(["a", "b"]) { Vectors = new DenseMatrix(2, [1, 0]), Encoder = new TableEncoder() }));
        Assert.Contains("2 texts but 1 vectors", count.Message, StringComparison.Ordinal);
        var threshold = Assert.Throws<ArgumentException>(() => RuleSet.Compile([Similar(1.5, "cat")], Classes));
        Assert.StartsWith("Rule 0 's': a similarity rule needs a threshold between -1 and 1", threshold.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metadata_rule_needs_the_field_to_equal_the_value_exactly()
    {
        var rule = new RuleDefinition { Name = "m", Label = "money", Kind = RuleKind.Metadata, MetaField = "source", MetaValue = "twitter" };
        IReadOnlyDictionary<string, string>?[] metadata =
        [
            new Dictionary<string, string> { ["source"] = "twitter" },
            new Dictionary<string, string> { ["source"] = "Twitter" },
            new Dictionary<string, string> { ["Source"] = "twitter" },
            null,
            new Dictionary<string, string> { ["source"] = "twitter", ["lang"] = "en" },
        ];
        var corpus = new RuleCorpus(["", "", "", "", ""]) { Metadata = metadata };
        Assert.Equal([0, 4], Hits(rule, corpus));
        var missing = RuleSet.Compile([rule], Classes).ApplyOne(0, new RuleCorpus(["x"]));
        Assert.Contains("needs the documents' metadata", missing.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Applying_every_kind_at_once_gives_each_rule_its_own_column_in_order()
    {
        RuleDefinition[] rules =
        [
            KeywordRuleTests.Keywords("cat") with { Label = "animals" },
            new() { Name = "re", Label = "money", Kind = RuleKind.Regex, Pattern = "ba?nk" },
            Similar(0.9, "bank"),
            new() { Name = "m", Label = "animals", Kind = RuleKind.Metadata, MetaField = "k", MetaValue = "v" },
        ];
        var corpus = new RuleCorpus(["cat", "bnk", "bank", "cat bank", "", "x"])
        {
            Vectors = new DenseMatrix(2, Vectors),
            Encoder = new TableEncoder(),
            Metadata = [null, null, null, null, null, new Dictionary<string, string> { ["k"] = "v" }],
        };
        var applied = RuleSet.Compile(rules, Classes).Apply(corpus);
        Assert.Empty(applied.Failures);
        var m = applied.Matrix;
        Assert.Equal((6, 2, 4), (m.Documents, m.Classes, m.Rules));
        Assert.Equal([0, 3], m.Rule(0).Documents.ToArray());
        Assert.Equal([1, 2, 3], m.Rule(1).Documents.ToArray());
        Assert.Equal([2], m.Rule(2).Documents.ToArray());
        Assert.Equal([5], m.Rule(3).Documents.ToArray());
        Assert.Equal([0, 1, 0, 0], Enumerable.Range(0, 4).Select(j => m.Rule(j).Label));
    }

    [Fact]
    public void Replacing_an_edited_rule_column_gives_the_matrix_of_applying_everything_again()
    {
        var (texts, _) = Datasets.Read("datasets", "sms_spam", "train.jsonl");
        var corpus = new RuleCorpus(texts);
        RuleDefinition[] rules =
        [
            KeywordRuleTests.Keywords("free", "win*") with { Label = "money" },
            KeywordRuleTests.Keywords("call") with { Label = "animals" },
            new() { Name = "re", Label = "money", Kind = RuleKind.Regex, Pattern = @"\d{5,}" },
        ];
        var before = RuleSet.Compile(rules, Classes).Apply(corpus).Matrix;
        rules[1] = KeywordRuleTests.Keywords("call me", "txt") with { Label = "money", Match = RuleMatch.Any };
        var edited = RuleSet.Compile(rules, Classes);
        var patched = before.WithRule(1, edited.ApplyOne(1, corpus).Votes);
        var again = edited.Apply(corpus).Matrix;
        for (var j = 0; j < rules.Length; j++)
        {
            Assert.Equal(again.Rule(j).Documents.ToArray(), patched.Rule(j).Documents.ToArray());
            Assert.Equal(again.Rule(j).Label, patched.Rule(j).Label);
        }

        Assert.True(again.Rule(1).Count > 100);

        // One thread or two, the same columns.
        var single = RuleSet.Compile(rules, Classes, new RuleSetOptions { MaxDegreeOfParallelism = 1 }).Apply(corpus).Matrix;
        for (var j = 0; j < rules.Length; j++)
        {
            Assert.Equal(again.Rule(j).Documents.ToArray(), single.Rule(j).Documents.ToArray());
        }
    }

    private static RuleCorpus Corpus(IReadOnlyDictionary<string, string>? descriptions = null) =>
        new(["a", "b", "c", "d", "e", "f"]) { Vectors = new DenseMatrix(2, Vectors), Encoder = new TableEncoder(), LabelDescriptions = descriptions };

    private static RuleDefinition Similar(double threshold, params string[] examples) =>
        new() { Name = "s", Label = "animals", Kind = RuleKind.Similar, Examples = examples, Threshold = threshold };

    private static int[] Hits(RuleDefinition rule, RuleCorpus corpus)
    {
        var preview = RuleSet.Compile([rule], Classes).ApplyOne(0, corpus);
        Assert.Null(preview.Failure);
        return preview.Votes.Documents.ToArray();
    }

    /// <summary>An encoder that knows a few words: cat along x (not of unit length), bank along y.</summary>
    private sealed class TableEncoder : IDenseTextEncoder
    {
        public string Name => "table";

        public int Dimension => 2;

        public void Encode(IReadOnlyList<string> texts, Span<float> output)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                float[] v = texts[i] switch
                {
                    "cat" => [3, 0],
                    "bank" => [0, 1],
                    _ => throw new ArgumentException($"unknown text {texts[i]}"),
                };
                v.CopyTo(output[(i * 2)..]);
            }
        }

        public void Dispose()
        {
        }
    }
}
