using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class RuleSuggestionsTests
{
    private static readonly string[] Classes = ["ham", "spam"];

    [Fact]
    public void A_term_seen_forty_times_outranks_one_seen_three_times_and_coverage_counts_the_whole_corpus()
    {
        var texts = new List<string>();
        var gold = new List<int>();
        var classes = new List<int>();
        void Add(string text, int? label)
        {
            if (label is { } c)
            {
                gold.Add(texts.Count);
                classes.Add(c);
            }

            texts.Add(text);
        }

        // "winner" in 40 spam and 2 ham; "jackpot" in 3 spam only; "the" in every spam; filler ham.
        for (var i = 0; i < 40; i++)
        {
            Add($"the winner number {i}", 1);
        }

        for (var i = 0; i < 3; i++)
        {
            Add($"the jackpot today {i}", 1);
        }

        Add("a winner at chess", 0);
        Add("winner of the game", 0);
        for (var i = 0; i < 60; i++)
        {
            Add($"see you at lunch {i}", 0);
        }

        // Unlabelled: coverage counts these too.
        Add("jackpot jackpot", null);
        Add("Jackpot!", null);
        Add("jackpots", null);

        var suggestions = RuleSuggestions.Suggest(texts, gold, classes, Classes);
        var spam = suggestions.Where(s => s.Class == 1).ToList();
        var winner = spam.Single(s => s.Term == "winner");
        var jackpot = spam.Single(s => s.Term == "jackpot");
        Assert.Equal((42, 40), (winner.Labelled, winner.Correct));
        Assert.Equal(40.0 / 42, winner.Precision, 12);
        Assert.Equal((3, 3, 1.0), (jackpot.Labelled, jackpot.Correct, jackpot.Precision));
        Assert.True(spam.IndexOf(winner) < spam.IndexOf(jackpot));
        Assert.Equal(42, winner.Coverage);
        Assert.Equal(5, jackpot.Coverage);
        Assert.Equal(5.0 / texts.Count, jackpot.CoverageShare, 12);

        // Wilson's lower end at 1.645 standard errors, computed by hand: 40/42 → 0.8659, 3/3 → 0.5258.
        Assert.Equal(0.8659, winner.PrecisionLower, 4);
        Assert.Equal(0.5258, jackpot.PrecisionLower, 4);

        // Stop words and pairs of them are never suggested; a pair with one stop word is.
        Assert.DoesNotContain(suggestions, s => s.Term is "the" or "at");
        Assert.Contains(spam, s => s.Term == "the winner");
        Assert.Contains(suggestions, s => s.Term == "lunch" && s.Label == "ham");
        Assert.All(suggestions, s => Assert.True(s.PrecisionLower > (s.Class == 1 ? 43.0 : 62.0) / 105));
    }

    [Fact]
    public void Terms_an_existing_rule_already_matches_are_skipped()
    {
        string[] texts = ["free money now", "free money today", "free money here", "hello friend", "hello there", "hello again"];
        int[] gold = [0, 1, 2, 3, 4, 5];
        int[] classes = [1, 1, 1, 0, 0, 0];
        var all = RuleSuggestions.Suggest(texts, gold, classes, Classes, options: new RuleSuggestionOptions { Z = 0.5 });
        Assert.Contains(all, s => s.Term == "free money");
        Assert.Contains(all, s => s.Term == "hello");
        var existing = new[] { KeywordRuleTests.Keywords("fre*"), KeywordRuleTests.Keywords("HELLO") with { CaseSensitive = true } };
        var rest = RuleSuggestions.Suggest(texts, gold, classes, Classes, existing, options: new RuleSuggestionOptions { Z = 0.5 });
        Assert.DoesNotContain(rest, s => s.Term.StartsWith("free", StringComparison.Ordinal));
        Assert.Contains(rest, s => s.Term == "money");
        Assert.Contains(rest, s => s.Term == "hello");
        Assert.Single(RuleSuggestions.Suggest(texts, gold, classes, Classes, maxPerClass: 1, options: new RuleSuggestionOptions { Z = 0.5 }), s => s.Class == 1);
    }

    [Fact]
    public void A_suggestion_as_a_keyword_rule_matches_exactly_the_documents_it_was_counted_on()
    {
        var (texts, labels) = Datasets.Read("datasets", "sms_spam", "train.jsonl");
        texts = [.. texts, "我要退款了 退款", "Στην ΑΘΉΝΑ, η οδος"];
        labels = [.. labels, "spam", "ham"];
        var classes = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        var gold = Enumerable.Range(0, texts.Count).Where(i => i % 3 == 0).ToList();
        var suggestions = RuleSuggestions.Suggest(texts, gold, [.. gold.Select(i => classes.IndexOf(labels[i]))], classes, maxPerClass: 25);
        Assert.True(suggestions.Count >= 30);
        Assert.Contains(suggestions, s => s.Term.Contains(' ', StringComparison.Ordinal));
        var rules = RuleSet.Compile([.. suggestions.Select(s => s.ToRule())], classes);
        var matrix = rules.Apply(new RuleCorpus(texts)).Matrix;
        for (var j = 0; j < suggestions.Count; j++)
        {
            var s = suggestions[j];
            Assert.Equal(s.Coverage, matrix.Rule(j).Count);
            Assert.Equal(s.Class, matrix.Rule(j).Label);
            Assert.Equal(s.Labelled, gold.Count(g => matrix.Rule(j).VoteOn(g) >= 0));
            Assert.Equal(s.Correct, gold.Count(g => matrix.Rule(j).VoteOn(g) >= 0 && labels[g] == s.Label));
        }
    }
}
