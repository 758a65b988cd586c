using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

public sealed class KeywordRuleTests
{
    private static readonly string[] Classes = ["ham", "spam"];

    [Fact]
    public void A_plain_term_matches_whole_words_only_in_any_case()
    {
        Assert.Equal([0, 3, 4, 6], Hits(Keywords("refund"), "refund please", "refunds", "prerefund", "a refund.", "REFUND!", "re-fund", "(Refund)"));
    }

    [Fact]
    public void A_star_opens_the_end_it_stands_at()
    {
        string[] texts = ["refund", "refunds", "refunded", "prerefund", "fund", "fundamental", "xfundx", "fun d"];
        Assert.Equal([0, 1, 2], Hits(Keywords("refund*"), texts));
        Assert.Equal([0, 3, 4], Hits(Keywords("*fund"), texts));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Hits(Keywords("*fund*"), texts));
    }

    [Fact]
    public void A_phrase_matches_its_words_in_a_row_across_any_white_space()
    {
        string[] texts = ["my credit card", "credit  \n\t card", "credit-card", "credit cards", "discredit card", "card credit", "Credit\u00A0Card"];
        Assert.Equal([0, 1, 6], Hits(Keywords("credit card"), texts));
        Assert.Equal([0, 1, 3, 6], Hits(Keywords("credit card*"), texts));
        Assert.Equal([0, 1, 3, 6], Hits(Keywords("  credit   card* "), texts));
    }

    [Fact]
    public void A_case_sensitive_rule_needs_the_same_letters()
    {
        string[] texts = ["NASA launches", "nasa", "Nasa", "the NASA's budget"];
        Assert.Equal([0, 3], Hits(Keywords("NASA") with { CaseSensitive = true }, texts));
        Assert.Equal([0, 1, 2, 3], Hits(Keywords("NASA"), texts));
    }

    [Fact]
    public void Any_needs_one_term_and_all_needs_every_term()
    {
        string[] texts = ["free", "money", "free money", "money for free", "nothing", "freemoney"];
        Assert.Equal([0, 1, 2, 3], Hits(Keywords("free", "money"), texts));
        Assert.Equal([2, 3], Hits(Keywords("free", "money") with { Match = RuleMatch.All }, texts));
        Assert.Equal([2, 3], Hits(Keywords("money", "free", "free") with { Match = RuleMatch.All }, texts));
    }

    [Fact]
    public void Greek_and_Cyrillic_fold_case_and_keep_word_boundaries()
    {
        // Upper-case Greek folds to the lower-case term, the final sigma to σ, and a longer word does not match.
        string[] greek = ["ΑΘΉΝΑ", "Στην Αθήνα.", "της Αθήνας", "ΟΔΟΣ", "η οδος"];
        Assert.Equal([0, 1], Hits(Keywords("αθήνα"), greek));
        Assert.Equal([3, 4], Hits(Keywords("ΟΔΟΣ"), greek));
        Assert.Equal([3, 4], Hits(Keywords("οδος"), greek));
        string[] russian = ["МОСКВА!", "в Москве", "Москвич", "москва-река"];
        Assert.Equal([0, 3], Hits(Keywords("москва"), russian));
        Assert.Equal([0, 1, 2, 3], Hits(Keywords("моск*"), russian));
    }

    [Fact]
    public void Each_han_or_kana_character_is_a_word_of_its_own()
    {
        string[] texts = ["我要退款了", "退款", "退货", "東京タワーへ", "京都"];
        Assert.Equal([0, 1], Hits(Keywords("退款"), texts));
        Assert.Equal([3], Hits(Keywords("東京"), texts));
        Assert.Equal([3], Hits(Keywords("タワー"), texts));
    }

    [Fact]
    public void Characters_outside_the_basic_plane_match_fold_and_bound_words()
    {
        // 🔥 (U+1F525) is a symbol: it does not continue a word. 𐐷 (U+10437) is a Deseret letter whose capital is 𐐏 (U+1040F).
        string[] texts = ["so hot🔥🔥", "🔥", "hot", "a𐐷 b", "a🔥", "𐐏", "𐐷𐐷"];
        Assert.Equal([0, 1, 4], Hits(Keywords("🔥"), texts));
        Assert.Equal([0, 2], Hits(Keywords("hot"), texts));
        Assert.Equal([4], Hits(Keywords("a"), texts));
        Assert.Equal([5], Hits(Keywords("𐐷"), texts));
        Assert.Equal([3, 5, 6], Hits(Keywords("*𐐷*"), texts));
        Assert.Equal([5], Hits(Keywords("𐐏") with { CaseSensitive = true }, texts));
    }

    [Fact]
    public void Apostrophes_and_punctuation_end_words_but_accents_do_not_fold()
    {
        string[] texts = ["the customer's order", "customers", "café", "cafe", "c++ code", "e-mail me"];
        Assert.Equal([0], Hits(Keywords("customer"), texts));
        Assert.Equal([2], Hits(Keywords("café"), texts));
        Assert.Equal([3], Hits(Keywords("cafe"), texts));
        Assert.Equal([4], Hits(Keywords("c++"), texts));
        Assert.Equal([5], Hits(Keywords("e-mail"), texts));
    }

    [Fact]
    public void Overlapping_terms_of_several_rules_are_all_found_in_one_pass()
    {
        RuleDefinition[] rules =
        [
            Keywords("he") with { Name = "he" },
            Keywords("she") with { Name = "she" },
            Keywords("*his*") with { Name = "his" },
            Keywords("hers") with { Name = "hers", Label = "ham" },
            Keywords("ushers") with { Name = "ushers" },
        ];
        var set = RuleSet.Compile(rules, Classes);
        var matrix = set.Apply(new RuleCorpus(["ushers", "she sells", "this he", "hers"])).Matrix;
        Assert.Equal([2], matrix.Rule(0).Documents.ToArray());
        Assert.Equal([1], matrix.Rule(1).Documents.ToArray());
        Assert.Equal([2], matrix.Rule(2).Documents.ToArray());
        Assert.Equal([3], matrix.Rule(3).Documents.ToArray());
        Assert.Equal([0], matrix.Rule(4).Documents.ToArray());
        Assert.Equal(0, matrix.Rule(3).Label);
        Assert.Equal(1, matrix.Rule(0).Label);
    }

    [Theory]
    [InlineData("re*fund", "Rule 0 'r', term 0: in the term 're*fund' a '*' stands inside it")]
    [InlineData("*", "Rule 0 'r', term 0: the term '*' has nothing but wildcards")]
    [InlineData("  ", "Rule 0 'r', term 0: a term is empty")]
    public void A_bad_term_is_refused_naming_the_rule_and_the_term(string term, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => RuleSet.Compile([Keywords(term)], Classes));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_terms_or_with_an_unknown_label_is_refused()
    {
        var empty = Assert.Throws<ArgumentException>(() => RuleSet.Compile([Keywords()], Classes));
        Assert.StartsWith("Rule 0 'r': a keyword rule needs at least one term.", empty.Message, StringComparison.Ordinal);
        var label = Assert.Throws<ArgumentException>(() => RuleSet.Compile([Keywords("x"), Keywords("y") with { Label = "Spam" }], Classes));
        Assert.StartsWith("Rule 1 'r': its label 'Spam' is not one of the classes (ham, spam).", label.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_table_and_failure_links_match_the_same()
    {
        List<(IReadOnlyList<KeywordTerm>, bool)> rules =
        [
            ([KeywordTerm.Parse("he", false)], false),
            ([KeywordTerm.Parse("she", false), KeywordTerm.Parse("hers", false)], true),
            ([KeywordTerm.Parse("*his*", false)], false),
            ([KeywordTerm.Parse("ΟΔΟΣ", true)], false),
        ];
        var dense = new KeywordAutomaton(rules);
        var sparse = new KeywordAutomaton(rules, denseLimit: 0);
        Assert.True(dense.Dense);
        Assert.False(sparse.Dense);
        var scratch = new KeywordScratch();
        foreach (var text in new[] { "ushers", "she is hers", "this he", "ΟΔΟΣ οδος", "οδος", "" })
        {
            List<int> a = [];
            List<int> b = [];
            dense.Match(text, scratch, a);
            sparse.Match(text, scratch, b);
            Assert.Equal(a.Order(), b.Order());
        }
    }

    internal static RuleDefinition Keywords(params string[] terms) =>
        new() { Name = "r", Label = "spam", Kind = RuleKind.Keywords, Terms = terms };

    private static int[] Hits(RuleDefinition rule, params string[] texts)
    {
        var preview = RuleSet.Compile([rule], Classes).ApplyOne(0, new RuleCorpus(texts));
        Assert.Null(preview.Failure);
        return preview.Votes.Documents.ToArray();
    }
}
