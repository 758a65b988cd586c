using System.Globalization;
using System.Text;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Learning.Tests.WeakSupervision;

/// <summary>The one-pass automaton against a plain scan, rule by rule and term by term, on real texts.</summary>
public sealed class KeywordOnePassTests
{
    private static readonly string[] Classes = ["ham", "spam"];

    [Fact]
    public void All_rules_in_one_pass_match_a_scan_per_rule_on_real_texts()
    {
        var (texts, _) = Datasets.Read("datasets", "sms_spam", "train.jsonl");
        var random = new Random(11);
        var sample = Enumerable.Range(0, 500).Select(_ => texts[random.Next(texts.Count)]).ToList();

        // Non-Latin and astral texts alongside, with terms drawn from them too.
        sample.AddRange(["Στην ΑΘΉΝΑ, η οδος", "МОСКВА и москва-река", "我要退款了 refund", "so hot🔥🔥 a𐐷 b 𐐏", "Ünïcödé e\u0301 test"]);
        for (var round = 0; round < 4; round++)
        {
            var rules = Enumerable.Range(0, 30).Select(j => RandomRule(j, sample, random)).ToList();
            var matrix = RuleSet.Compile(rules, Classes).Apply(new RuleCorpus(sample)).Matrix;
            for (var j = 0; j < rules.Count; j++)
            {
                var expected = Enumerable.Range(0, sample.Count).Where(i => Naive(rules[j], sample[i])).ToArray();
                Assert.True(expected.SequenceEqual(matrix.Rule(j).Documents.ToArray()), $"round {round}, rule {j} [{string.Join(" | ", rules[j].Terms)}] {rules[j].Match} cs={rules[j].CaseSensitive}");
            }

            // The failure-link form of the automaton gives the same.
            var parsed = rules.Select(r => ((IReadOnlyList<KeywordTerm>)[.. r.Terms.Select(t => KeywordTerm.Parse(t, r.CaseSensitive))], r.Match == RuleMatch.All)).ToList();
            var sparse = new KeywordAutomaton(parsed, denseLimit: 0);
            var scratch = new KeywordScratch();
            for (var i = 0; i < sample.Count; i++)
            {
                List<int> hits = [];
                sparse.Match(sample[i], scratch, hits);
                var expected = Enumerable.Range(0, rules.Count).Where(j => matrix.Rule(j).VoteOn(i) >= 0);
                Assert.Equal(expected, hits.Order());
            }
        }
    }

    /// <summary>A rule of 1–4 terms cut from the texts: words, pairs, pieces of words, with or without stars.</summary>
    private static RuleDefinition RandomRule(int j, List<string> texts, Random random)
    {
        var terms = new List<string>();
        var count = random.Next(1, 5);
        while (terms.Count < count)
        {
            var words = texts[random.Next(texts.Count)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            var at = random.Next(words.Length);
            var term = random.Next(4) == 0 && at + 1 < words.Length ? $"{words[at]} {words[at + 1]}" : words[at];
            term = new string([.. term.Where(c => c != '*')]);
            if (random.Next(3) == 0 && term.Length > 2)
            {
                // A piece of a word, from a rune boundary.
                var runes = term.EnumerateRunes().ToArray();
                var from = random.Next(runes.Length / 2);
                term = string.Concat(runes.Skip(from).Take(Math.Max(1, random.Next(1, runes.Length - from + 1))).Select(r => r.ToString()));
            }

            term = random.Next(6) switch
            {
                0 => term + "*",
                1 => "*" + term,
                2 => "*" + term + "*",
                _ => term,
            };
            if (!string.IsNullOrWhiteSpace(term.Trim('*')))
            {
                terms.Add(term);
            }
        }

        return new RuleDefinition
        {
            Name = $"r{j}",
            Label = Classes[j % 2],
            Kind = RuleKind.Keywords,
            Terms = terms,
            Match = random.Next(3) == 0 ? RuleMatch.All : RuleMatch.Any,
            CaseSensitive = random.Next(4) == 0,
        };
    }

    /// <summary>Each term looked for on its own with IndexOf in the text written out plainly.</summary>
    private static bool Naive(RuleDefinition rule, string text)
    {
        var (folded, original) = (Plain(text, fold: true), Plain(text, fold: false));
        var found = rule.Terms.Select(term => Contains(term, rule.CaseSensitive, folded, original)).ToList();
        return rule.Match == RuleMatch.All ? found.TrueForAll(f => f) : found.Exists(f => f);
    }

    private static bool Contains(string term, bool caseSensitive, string folded, string original)
    {
        var t = term.Trim();
        var openStart = t.StartsWith('*');
        var openEnd = t.Length > 1 && t.EndsWith('*');
        t = t.Trim('*').Trim();
        var foldedTerm = Plain(t, fold: true);
        var originalTerm = Plain(t, fold: false);
        for (var at = folded.IndexOf(foldedTerm, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(foldedTerm, at + 1, StringComparison.Ordinal))
        {
            var end = at + foldedTerm.Length;
            var startOk = openStart || !WordChar(Rune.GetRuneAt(foldedTerm, 0)) || at == 0 || !WordChar(RuneBefore(folded, at));
            var endOk = openEnd || !WordChar(LastRune(foldedTerm)) || end == folded.Length || !WordChar(Rune.GetRuneAt(folded, end));
            if (startOk && endOk && (!caseSensitive || string.CompareOrdinal(original, at, originalTerm, 0, originalTerm.Length) == 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>White-space runs as one space; folded: each rune lower-cased invariantly, final sigma as σ.</summary>
    private static string Plain(string text, bool fold)
    {
        var builder = new StringBuilder();
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (!space)
                {
                    builder.Append(' ');
                }

                space = true;
                continue;
            }

            space = false;
            var r = fold ? Rune.ToLowerInvariant(rune) : rune;
            builder.Append(r.Value == 'ς' && fold ? "σ" : r.ToString());
        }

        return builder.ToString();
    }

    private static Rune RuneBefore(string s, int at) => char.IsLowSurrogate(s[at - 1]) ? Rune.GetRuneAt(s, at - 2) : new Rune(s[at - 1]);

    private static Rune LastRune(string s) => char.IsLowSurrogate(s[^1]) ? Rune.GetRuneAt(s, s.Length - 2) : new Rune(s[^1]);

    /// <summary>\w, less the scripts written without spaces.</summary>
    private static bool WordChar(Rune r)
    {
        var v = r.Value;
        if ((v >= 0x3040 && v <= 0x30FF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x0E00 && v <= 0x0EFF))
        {
            return false;
        }

        return Rune.IsLetterOrDigit(r) || r.Value == '_'
            || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;
    }
}
