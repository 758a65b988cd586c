using System.Text.RegularExpressions;

namespace Tagloop.Learning.WeakSupervision;

/// <summary>One rule checked and ready to run: the class it votes and what it looks at.</summary>
internal sealed class CompiledRule
{
    private CompiledRule(int index, RuleDefinition definition, int @class)
    {
        Index = index;
        Definition = definition;
        Class = @class;
    }

    public int Index { get; }

    public RuleDefinition Definition { get; }

    public RuleKind Kind => Definition.Kind;

    public int Class { get; }

    /// <summary>The rule's terms, for a keyword rule.</summary>
    public IReadOnlyList<KeywordTerm> Terms { get; private init; } = [];

    /// <summary>The expression, for a regular-expression rule.</summary>
    public Regex? Regex { get; private init; }

    /// <summary>A new instance of <see cref="Regex"/> (same pattern, options and timeout), for one thread's use.</summary>
    public Regex CopyRegex() => new(Regex!.ToString(), Regex.Options, Regex.MatchTimeout);

    /// <summary>Whether <see cref="Regex"/> runs without backtracking (linear time in the text).</summary>
    public bool NonBacktracking { get; private init; }

    /// <summary>How the rule is named in messages.</summary>
    public string Title => $"Rule {Index} '{Definition.Name}'";

    public static CompiledRule Compile(int index, RuleDefinition rule, IReadOnlyDictionary<string, int> classes, RuleSetOptions options)
    {
        ArgumentNullException.ThrowIfNull(rule, $"rules[{index}]");
        var title = $"Rule {index} '{rule.Name}'";
        if (rule.Label is null || !classes.TryGetValue(rule.Label, out var @class))
        {
            throw new ArgumentException($"{title}: its label '{rule.Label}' is not one of the classes ({string.Join(", ", classes.Keys)}).", "rules");
        }

        return rule.Kind switch
        {
            RuleKind.Keywords => new CompiledRule(index, rule, @class) { Terms = ParseTerms(title, rule) },
            RuleKind.Regex => CompileRegex(index, title, rule, @class, options),
            RuleKind.Similar => CheckSimilar(title, rule, new CompiledRule(index, rule, @class)),
            RuleKind.LabelDescription => CheckThreshold(title, rule, new CompiledRule(index, rule, @class)),
            RuleKind.Metadata => CheckMetadata(title, rule, new CompiledRule(index, rule, @class)),
            _ => throw new ArgumentException($"{title}: unknown kind {rule.Kind}.", "rules"),
        };
    }

    private static KeywordTerm[] ParseTerms(string title, RuleDefinition rule)
    {
        if (rule.Terms is null || rule.Terms.Count == 0)
        {
            throw new ArgumentException($"{title}: a keyword rule needs at least one term.", "rules");
        }

        if (rule.Match is not (RuleMatch.Any or RuleMatch.All))
        {
            throw new ArgumentException($"{title}: unknown match {rule.Match} (any or all).", "rules");
        }

        var terms = new KeywordTerm[rule.Terms.Count];
        for (var t = 0; t < terms.Length; t++)
        {
            try
            {
                terms[t] = KeywordTerm.Parse(rule.Terms[t], rule.CaseSensitive);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{title}, term {t}: {e.Message}.", "rules", e);
            }
        }

        return terms;
    }

    private static CompiledRule CompileRegex(int index, string title, RuleDefinition rule, int @class, RuleSetOptions options)
    {
        if (string.IsNullOrEmpty(rule.Pattern))
        {
            throw new ArgumentException($"{title}: a regex rule needs a pattern.", "rules");
        }

        var flags = RegexOptions.CultureInvariant | (rule.CaseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        try
        {
            // Without backtracking a match takes time linear in the text, so no pattern can stall on a document;
            // patterns that need backtracking (backreferences, lookarounds, atomic groups) fall back to the compiled
            // backtracking engine, which the per-document timeout bounds.
            Regex regex;
            var linear = true;
            try
            {
                regex = new Regex(rule.Pattern, flags | RegexOptions.NonBacktracking, options.RegexTimeout);
            }
            catch (NotSupportedException)
            {
                regex = new Regex(rule.Pattern, flags | RegexOptions.Compiled, options.RegexTimeout);
                linear = false;
            }

            // The first match compiles the engine's code; do it now rather than inside the first document's timeout.
            try
            {
                regex.IsMatch("Warm up: 12 ab.");
            }
            catch (RegexMatchTimeoutException)
            {
                // A busy machine; the documents' own timeouts decide.
            }
            return new CompiledRule(index, rule, @class) { Regex = regex, NonBacktracking = linear };
        }
        catch (RegexParseException e)
        {
            throw new ArgumentException($"{title}: the pattern '{rule.Pattern}' is not a valid regular expression: {e.Error} at offset {e.Offset} ({e.Message}).", "rules", e);
        }
    }

    private static CompiledRule CheckSimilar(string title, RuleDefinition rule, CompiledRule compiled)
    {
        if (rule.Examples is null || rule.Examples.Count == 0 || rule.Examples.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{title}: a similarity rule needs at least one example, and no empty one.", "rules");
        }

        return CheckThreshold(title, rule, compiled);
    }

    private static CompiledRule CheckThreshold(string title, RuleDefinition rule, CompiledRule compiled)
    {
        if (rule.Threshold is not { } t || double.IsNaN(t) || t < -1 || t > 1)
        {
            throw new ArgumentException($"{title}: a similarity rule needs a threshold between -1 and 1 (a cosine), not '{rule.Threshold}'.", "rules");
        }

        return compiled;
    }

    private static CompiledRule CheckMetadata(string title, RuleDefinition rule, CompiledRule compiled)
    {
        if (string.IsNullOrEmpty(rule.MetaField) || rule.MetaValue is null)
        {
            throw new ArgumentException($"{title}: a metadata rule needs a field and a value.", "rules");
        }

        return compiled;
    }
}
