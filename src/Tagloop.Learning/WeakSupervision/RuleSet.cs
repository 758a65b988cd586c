namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Rules checked and compiled once, applied to corpora to make label matrices. Every keyword rule runs in one
/// Aho–Corasick automaton, so a document is read once whatever the number of keyword rules; regular expressions run
/// without backtracking where the pattern allows, each with a timeout per document and a budget per application, and a
/// rule that overruns fails (with the document named) instead of stalling the caller. Documents are spread over the
/// cores; the output does not depend on how. Immutable and thread-safe.
/// <para>
/// After an edit to rule j, compile the new rule list and replace that column only:
/// <c>matrix.WithRule(j, rules.ApplyOne(j, corpus).Votes)</c> gives the matrix <see cref="Apply"/> would give.
/// </para>
/// </summary>
public sealed class RuleSet
{
    private readonly CompiledRule[] rules;
    private readonly KeywordAutomaton keywords;
    private readonly int[] keywordRules;
    private readonly Lazy<KeywordAutomaton>[] single;
    private readonly RuleDefinition[] definitions;

    private RuleSet(CompiledRule[] rules, IReadOnlyList<string> classes, RuleSetOptions options)
    {
        this.rules = rules;
        definitions = [.. rules.Select(r => r.Definition)];
        Classes = classes;
        Options = options;
        keywordRules = [.. rules.Where(r => r.Kind == RuleKind.Keywords).Select(r => r.Index)];
        keywords = Automaton(keywordRules);
        single = [.. rules.Select(r => new Lazy<KeywordAutomaton>(() => Automaton([r.Index])))];
    }

    /// <summary>The rules, in column order.</summary>
    public IReadOnlyList<RuleDefinition> Rules => definitions;

    public int Count => rules.Length;

    /// <summary>The class names; a rule's label is mapped to its index here.</summary>
    public IReadOnlyList<string> Classes { get; }

    public RuleSetOptions Options { get; }

    /// <summary>
    /// Checks and compiles <paramref name="rules"/>, mapping each label to its index in <paramref name="classes"/>
    /// (exact, case-sensitive names). A bad rule is an <see cref="ArgumentException"/> naming the rule and the field:
    /// an unknown label, no terms, a misplaced <c>*</c>, an invalid pattern (with the parser's error), a missing
    /// threshold, example, field or value.
    /// </summary>
    public static RuleSet Compile(IReadOnlyList<RuleDefinition> rules, IReadOnlyList<string> classes, RuleSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(classes);
        options ??= new RuleSetOptions();
        options.Validate();
        if (classes.Count < 2)
        {
            throw new ArgumentException($"A rule set needs at least two classes, not {classes.Count}.", nameof(classes));
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < classes.Count; c++)
        {
            if (string.IsNullOrEmpty(classes[c]) || !index.TryAdd(classes[c], c))
            {
                throw new ArgumentException($"Class {c} '{classes[c]}' is empty or named twice.", nameof(classes));
            }
        }

        var compiled = new CompiledRule[rules.Count];
        for (var j = 0; j < compiled.Length; j++)
        {
            compiled[j] = CompiledRule.Compile(j, rules[j], index, options);
        }

        return new RuleSet(compiled, [.. classes], options);
    }

    /// <summary>The class rule <paramref name="rule"/> votes.</summary>
    public int ClassOf(int rule) => rules[rule].Class;

    /// <summary>Whether rule <paramref name="rule"/> is a regular expression that runs without backtracking (in time linear in the text).</summary>
    public bool RunsWithoutBacktracking(int rule) => rules[rule].NonBacktracking;

    /// <summary>Every rule applied to <paramref name="corpus"/>: a column per rule, empty for a rule that failed.</summary>
    public RuleApplication Apply(RuleCorpus corpus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var all = Enumerable.Range(0, rules.Length).ToArray();
        var runner = new RuleRunner(rules, all, keywords, keywordRules, corpus, Options);
        var (votes, failures) = runner.Run(cancellationToken);
        var columns = new RuleVotes[rules.Length];
        for (var j = 0; j < rules.Length; j++)
        {
            columns[j] = new RuleVotes(votes[j], rules[j].Class);
        }

        return new RuleApplication(new LabelMatrix(corpus.Documents, Classes.Count, columns), [.. failures.OfType<RuleFailure>()]);
    }

    /// <summary>Rule <paramref name="rule"/> alone applied to <paramref name="corpus"/>, to preview it or to replace its column.</summary>
    public RulePreview ApplyOne(int rule, RuleCorpus corpus, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rule);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rule, rules.Length);
        ArgumentNullException.ThrowIfNull(corpus);
        var isKeyword = rules[rule].Kind == RuleKind.Keywords;
        var runner = new RuleRunner(rules, [rule], isKeyword ? single[rule].Value : null, isKeyword ? [rule] : [], corpus, Options);
        var (votes, failures) = runner.Run(cancellationToken);
        return new RulePreview(new RuleVotes(votes[0], rules[rule].Class), failures[0]);
    }

    private KeywordAutomaton Automaton(int[] which) =>
        new([.. which.Select(j => (rules[j].Terms, rules[j].Definition.Match == RuleMatch.All))]);
}
