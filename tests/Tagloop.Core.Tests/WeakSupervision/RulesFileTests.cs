using Tagloop.Core.WeakSupervision;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.Tests.WeakSupervision;

public sealed class RulesFileTests
{
    [Fact]
    public void Every_kind_is_read_with_its_fields_and_defaults()
    {
        var rules = RulesFile.Parse("""
            {"rules": [
              {"name": "refunds", "label": "billing", "kind": "keywords", "terms": ["refund*", "money back"], "match": "all", "caseSensitive": true},
              {"name": "orders", "label": "orders", "kind": "regex", "pattern": "\\bORD-\\d{6}\\b"},
              {"name": "like these", "label": "complaint", "kind": "similar", "examples": ["late again"]},
              {"name": "described", "label": "billing", "kind": "label-description", "threshold": 0.5},
              {"name": "shop", "label": "orders", "kind": "metadata", "metaField": "source", "metaValue": "shop"},
            ]}
            """);
        Assert.Equal(5, rules.Count);
        Assert.Equal(RuleKind.Keywords, rules[0].Kind);
        Assert.Equal(["refund*", "money back"], rules[0].Terms);
        Assert.Equal(RuleMatch.All, rules[0].Match);
        Assert.True(rules[0].CaseSensitive);
        Assert.Equal("\\bORD-\\d{6}\\b", rules[1].Pattern);
        Assert.Equal(LabellingRules.DefaultThreshold, rules[2].Threshold);
        Assert.Equal(0.5, rules[3].Threshold);
        Assert.Equal(("source", "shop"), (rules[4].MetaField, rules[4].MetaValue));
        Assert.Equal(RuleMatch.Any, rules[1].Match);
        Assert.False(rules[1].CaseSensitive);
    }

    [Theory]
    [InlineData("""{"rules": [{"label": "a", "kind": "regex", "pattern": "x"}]}""", "rules.json, rule 1: \"name\" is required")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "regexp", "pattern": "x"}]}""", "rules.json, rule 1 (\"r\"): kind \"regexp\" is not one of")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "keywords", "terms": []}]}""", "rule 1 (\"r\"): a keywords rule needs \"terms\"")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "keywords", "terms": ["x", 3]}]}""", "\"terms\" item 2 must be a string")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "similar", "examples": ["x"], "threshold": 1.5}]}""", "threshold 1.5 is outside (0, 1]")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "regex", "pattern": "x"}, {"name": "r", "label": "b", "kind": "regex", "pattern": "y"}]}""", "rule 2: the name \"r\" is used twice")]
    [InlineData("""{"rules": [{"name": "r", "label": "a", "kind": "keywords", "terms": ["x"], "match": "most"}]}""", "match \"most\" is neither")]
    [InlineData("""{"rules": []}""", "the \"rules\" array is empty")]
    [InlineData("""[1, 2]""", "expected an object with a \"rules\" array")]
    [InlineData("""{"rules": [""", "not valid JSON")]
    public void Problems_name_the_rule_and_the_field(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => RulesFile.Parse(json, "rules.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
