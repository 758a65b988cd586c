using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class RegexRuleTests
{
    private static readonly string[] Classes = ["ham", "spam"];

    [Fact]
    public void A_pattern_matches_anywhere_ignoring_case_unless_told()
    {
        string[] texts = ["Check out my channel", "checkout", "CHECK   OUT", "check it out", "Χ check_out"];
        var rule = Regex(@"check\s*out");
        Assert.Equal([0, 1, 2], Preview(rule, texts).Votes.Documents.ToArray());
        Assert.Equal([1], Preview(rule with { CaseSensitive = true, Pattern = @"check\s*out\b" }, texts).Votes.Documents.ToArray());
    }

    [Fact]
    public void Patterns_run_without_backtracking_where_they_can()
    {
        var set = RuleSet.Compile([Regex(@"\b(free|win+er)\b"), Regex(@"(\w+) \1"), Regex(@"(?<!not )free")], Classes);
        Assert.True(set.RunsWithoutBacktracking(0));
        Assert.False(set.RunsWithoutBacktracking(1));
        Assert.False(set.RunsWithoutBacktracking(2));
        var matrix = set.Apply(new RuleCorpus(["free stuff", "bye bye", "not free", "winnner"])).Matrix;
        Assert.Equal([0, 2, 3], matrix.Rule(0).Documents.ToArray());
        Assert.Equal([1], matrix.Rule(1).Documents.ToArray());
        Assert.Equal([0], matrix.Rule(2).Documents.ToArray());
    }

    [Fact]
    public void A_nested_repetition_runs_in_linear_time_without_backtracking()
    {
        // (a+)+$ on a's followed by b takes exponential time with backtracking; the linear engine answers at once.
        string[] texts = ["fine", new string('a', 5000) + "b", "aaa"];
        var preview = Preview(Regex("(a+)+$"), texts);
        Assert.Null(preview.Failure);
        Assert.Equal([2], preview.Votes.Documents.ToArray());
    }

    [Fact]
    public void A_catastrophic_pattern_stops_at_the_timeout_and_names_the_document()
    {
        // The lookahead forces the backtracking engine, which tries every way of splitting the a's.
        string[] texts = ["fine", "a c", new string('a', 40) + "b", "aac"];
        var rules = new[] { Regex("(a+)+(?=c)") with { Name = "slow" }, KeywordRuleTests.Keywords("fine") };
        var set = RuleSet.Compile(rules, Classes, new RuleSetOptions { RegexTimeout = TimeSpan.FromMilliseconds(50) });
        Assert.False(set.RunsWithoutBacktracking(0));
        var applied = set.Apply(new RuleCorpus(texts));
        var failure = Assert.Single(applied.Failures);
        Assert.Equal(0, failure.Rule);
        Assert.Equal("slow", failure.RuleName);
        Assert.Equal(2, failure.Document);
        Assert.Contains("ran over 50 ms on document 2", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, applied.FailureOf(0));
        Assert.Null(applied.FailureOf(1));

        // The failed rule abstains everywhere; the others are unharmed.
        Assert.Equal(0, applied.Matrix.Rule(0).Count);
        Assert.Equal([0], applied.Matrix.Rule(1).Documents.ToArray());
        var preview = set.ApplyOne(0, new RuleCorpus(texts));
        Assert.Equal(2, preview.Failure!.Document);
        Assert.Equal(0, preview.Votes.Count);
    }

    [Fact]
    public void A_rule_over_its_budget_fails_without_naming_a_document()
    {
        // A clock that moves one second per reading: every document costs a second.
        var options = new RuleSetOptions { RegexBudget = TimeSpan.FromSeconds(2.5), MaxDegreeOfParallelism = 1, TimeProvider = new SteppingClock() };
        var set = RuleSet.Compile([Regex("a")], Classes, options);
        var preview = set.ApplyOne(0, new RuleCorpus([.. Enumerable.Repeat("a", 10)]));
        Assert.NotNull(preview.Failure);
        Assert.Null(preview.Failure.Document);
        Assert.Contains("ran over its budget of 2.5 s (stopped after 3 documents", preview.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, preview.Votes.Count);
    }

    [Fact]
    public void An_invalid_pattern_is_refused_naming_the_rule_the_pattern_and_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => RuleSet.Compile([KeywordRuleTests.Keywords("x"), Regex("(unclosed[") with { Name = "bad" }], Classes));
        Assert.StartsWith("Rule 1 'bad': the pattern '(unclosed[' is not a valid regular expression: UnterminatedBracket at offset", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<ArgumentException>(() => RuleSet.Compile([Regex("")], Classes));
        Assert.StartsWith("Rule 0 'r': a regex rule needs a pattern.", missing.Message, StringComparison.Ordinal);
    }

    private static RuleDefinition Regex(string pattern) => new() { Name = "r", Label = "spam", Kind = RuleKind.Regex, Pattern = pattern };

    private static RulePreview Preview(RuleDefinition rule, string[] texts) => RuleSet.Compile([rule], Classes).ApplyOne(0, new RuleCorpus(texts));

    private sealed class SteppingClock : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => 1;

        public override long GetTimestamp() => Interlocked.Increment(ref now);
    }
}
