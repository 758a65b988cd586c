using Tagloop.Learning.Spans;

namespace Tagloop.Learning.Tests.Spans;

/// <summary>Entity-level scores against examples counted by hand with conlleval's exact-match rules.</summary>
public sealed class EntityMetricsTests
{
    private static string[] Tags(string text) => text.Split(' ');

    [Fact]
    public void One_boundary_error_in_three_entities_gives_two_thirds_everywhere()
    {
        // Gold: ORG, PER, LOC. Predicted: the same, but PER runs one token too far: 2 of 3 correct both ways.
        var metrics = new EntityMetrics();
        metrics.Add(Tags("B-ORG O B-PER O O B-LOC O"), Tags("B-ORG O B-PER I-PER O B-LOC O"));
        var report = metrics.Report();

        Assert.Equal(new EntityScore("", 3, 3, 2), report.Overall);
        Assert.Equal(2.0 / 3, report.Overall.Precision, 12);
        Assert.Equal(2.0 / 3, report.Overall.Recall, 12);
        Assert.Equal(2.0 / 3, report.Overall.F1, 12);
        Assert.Equal([new EntityScore("LOC", 1, 1, 1), new EntityScore("ORG", 1, 1, 1), new EntityScore("PER", 1, 1, 0)], report.Types);
        Assert.Equal(1.0, report.Types[0].F1, 12);
        Assert.Equal(0.0, report.Types[2].Precision, 12);
        Assert.Equal(0.0, report.Types[2].F1, 12);
        Assert.Equal(2.0 / 3, report.MacroF1, 12);
        Assert.Equal(6.0 / 7, report.TokenAccuracy, 12);
        Assert.Equal(7, report.Tokens);
        Assert.Equal(1, report.Sentences);
    }

    [Fact]
    public void Missed_spurious_and_ill_formed_entities_are_counted_as_conlleval_counts_them()
    {
        var metrics = new EntityMetrics();
        // PER right; gold LOC predicted as ORG.
        metrics.Add(Tags("B-PER I-PER O B-LOC"), Tags("B-PER I-PER O B-ORG"));
        // MISC missed: nothing predicted for the type.
        metrics.Add(Tags("B-MISC O O"), Tags("O O O"));
        // An I- after O starts an entity, so the LOC is right though its tag is not.
        metrics.Add(Tags("O B-LOC"), Tags("O I-LOC"));
        var report = metrics.Report();

        // Gold 4 (PER, LOC, MISC, LOC), predicted 3 (PER, ORG, LOC), correct 2: P 2/3, R 1/2, F1 4/7.
        Assert.Equal(new EntityScore("", 4, 3, 2), report.Overall);
        Assert.Equal(2.0 / 3, report.Overall.Precision, 12);
        Assert.Equal(0.5, report.Overall.Recall, 12);
        Assert.Equal(4.0 / 7, report.Overall.F1, 12);

        Assert.Equal(["LOC", "MISC", "ORG", "PER"], report.Types.Select(static t => t.Type));
        Assert.Equal(new EntityScore("LOC", 2, 1, 1), report.Types[0]);
        Assert.Equal(2.0 / 3, report.Types[0].F1, 12);
        Assert.Equal(new EntityScore("MISC", 1, 0, 0), report.Types[1]);
        Assert.Equal(0.0, report.Types[1].Precision, 12);
        Assert.Equal(new EntityScore("ORG", 0, 1, 0), report.Types[2]);
        Assert.Equal(0.0, report.Types[2].Recall, 12);
        Assert.Equal(0.0, report.Types[2].F1, 12);
        Assert.Equal(1.0, report.Types[3].F1, 12);

        // Macro-F1 over the four types seen in gold or predictions: (2/3 + 0 + 0 + 1) / 4.
        Assert.Equal(5.0 / 12, report.MacroF1, 12);
        // Tokens: 3 of 4, 2 of 3, 1 of 2 (B-LOC ≠ I-LOC).
        Assert.Equal(6.0 / 9, report.TokenAccuracy, 12);
        Assert.Equal(3, report.Sentences);
    }

    [Fact]
    public void Merged_accumulators_report_what_one_accumulator_would()
    {
        (string Gold, string Predicted)[] pairs =
        [
            ("B-PER I-PER O B-LOC", "B-PER O O B-LOC"),
            ("O B-ORG I-ORG", "O B-ORG I-ORG"),
            ("B-MISC", "B-PER"),
        ];
        var all = new EntityMetrics();
        var first = new EntityMetrics();
        var second = new EntityMetrics();
        for (var i = 0; i < pairs.Length; i++)
        {
            all.Add(Tags(pairs[i].Gold), Tags(pairs[i].Predicted));
            (i == 0 ? first : second).Add(Tags(pairs[i].Gold), Tags(pairs[i].Predicted));
        }

        first.Add(second);
        var merged = first.Report();
        var expected = all.Report();
        Assert.Equal(expected.Overall, merged.Overall);
        Assert.Equal(expected.Types, merged.Types);
        Assert.Equal(expected.MacroF1, merged.MacroF1);
        Assert.Equal(expected.TokenAccuracy, merged.TokenAccuracy);
        Assert.Equal(3, merged.Sentences);
        // Hand count: gold PER, LOC, ORG, MISC; predicted PER [0,1), LOC, ORG, PER; correct LOC, ORG.
        Assert.Equal(new EntityScore("", 4, 4, 2), merged.Overall);
    }

    [Fact]
    public void Span_lists_score_like_their_tags_without_token_accuracy()
    {
        var metrics = new EntityMetrics();
        metrics.Add([new TokenSpan(0, 1, "ORG"), new(2, 3, "PER"), new(5, 6, "LOC")], [new TokenSpan(0, 1, "ORG"), new(2, 4, "PER"), new(5, 6, "LOC")]);
        var report = metrics.Report();
        Assert.Equal(new EntityScore("", 3, 3, 2), report.Overall);
        Assert.Equal(0, report.Tokens);
        Assert.Equal(0.0, report.TokenAccuracy);

        Assert.Throws<ArgumentException>(() => metrics.Add([new TokenSpan(0, 1, "ORG")], [new TokenSpan(0, 1, "ORG"), new(0, 1, "ORG")]));
        Assert.Equal(new EntityScore("", 3, 3, 2), metrics.Report().Overall);
    }

    [Fact]
    public void Iob1_input_is_decoded_in_its_scheme()
    {
        // Gold: two adjacent PERs; predicted: one PER over both. Nothing matches.
        var metrics = new EntityMetrics();
        metrics.Add(Tags("I-PER I-PER B-PER"), Tags("I-PER I-PER I-PER"), TagScheme.Iob1);
        Assert.Equal(new EntityScore("", 2, 1, 0), metrics.Report().Overall);
    }

    [Fact]
    public void An_empty_evaluation_and_bad_input_give_zeros_and_errors()
    {
        var metrics = new EntityMetrics();
        var empty = metrics.Report();
        Assert.Equal(new EntityScore("", 0, 0, 0), empty.Overall);
        Assert.Equal(0.0, empty.Overall.F1);
        Assert.Empty(empty.Types);
        Assert.Equal(0.0, empty.MacroF1);

        Assert.Throws<ArgumentException>(() => metrics.Add(Tags("O O"), Tags("O")));
        var error = Assert.Throws<ArgumentException>(() => metrics.Add(Tags("B-PER O"), Tags("B-PER B_LOC")));
        Assert.Contains("\"B_LOC\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, metrics.Report().Sentences);
        Assert.Equal(0, metrics.Report().Overall.Support);
    }
}
