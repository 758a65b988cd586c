using System.Text.RegularExpressions;
using Tagloop.Core.Common;
using Tagloop.Core.Taxonomy;
using Tagloop.Learning.WeakSupervision;

namespace Tagloop.Core.WeakSupervision;

/// <summary>
/// Writes a change onto a rule (a copy, not yet saved) and checks the result: every problem names its field and the
/// value at fault. A rule keeps only the fields of its kind.
/// </summary>
internal static class RuleDraft
{
    private static readonly TimeSpan ParseTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A copy of <paramref name="rule"/> to change without touching the tracked one.</summary>
    public static LabellingRule Copy(LabellingRule rule) => new()
    {
        Id = rule.Id,
        ProjectId = rule.ProjectId,
        Name = rule.Name,
        LabelId = rule.LabelId,
        LabelName = rule.LabelName,
        Kind = rule.Kind,
        Terms = [.. rule.Terms],
        Match = rule.Match,
        CaseSensitive = rule.CaseSensitive,
        Pattern = rule.Pattern,
        Examples = [.. rule.Examples],
        ExampleDocumentIds = [.. rule.ExampleDocumentIds],
        Threshold = rule.Threshold,
        MetaField = rule.MetaField,
        MetaValue = rule.MetaValue,
        Enabled = rule.Enabled,
        Note = rule.Note,
        Version = rule.Version,
        CreatedBy = rule.CreatedBy,
        CreatedAt = rule.CreatedAt,
        UpdatedBy = rule.UpdatedBy,
        UpdatedAt = rule.UpdatedAt,
    };

    /// <summary>Copies the values of <paramref name="from"/> that a change can set onto the tracked <paramref name="to"/>.</summary>
    public static void CopyValues(LabellingRule from, LabellingRule to)
    {
        to.Name = from.Name;
        to.LabelId = from.LabelId;
        to.LabelName = from.LabelName;
        to.Kind = from.Kind;
        to.Terms = from.Terms;
        to.Match = from.Match;
        to.CaseSensitive = from.CaseSensitive;
        to.Pattern = from.Pattern;
        to.Examples = from.Examples;
        to.ExampleDocumentIds = from.ExampleDocumentIds;
        to.Threshold = from.Threshold;
        to.MetaField = from.MetaField;
        to.MetaValue = from.MetaValue;
        to.Enabled = from.Enabled;
        to.Note = from.Note;
    }

    /// <summary>Sets what <paramref name="change"/> gives (names of kinds, matches and labels read here), then keeps only the kind's fields.</summary>
    public static void Apply(LabellingRule rule, RuleUpdate change, IReadOnlyList<Label> labels, List<Problem> problems, string prefix = "")
    {
        if (change.Name is not null)
        {
            rule.Name = change.Name.Trim();
        }

        if (change.Label is not null)
        {
            if (Find(labels, change.Label) is { } label)
            {
                rule.LabelId = label.Id;
                rule.LabelName = label.Name;
            }
            else
            {
                problems.Add(Problem.Invalid(prefix + "label", string.IsNullOrWhiteSpace(change.Label)
                    ? $"Say which label the rule votes; the project's labels are {Listed(labels)}."
                    : $"The project has no label '{UnicodeText.Quote(change.Label.Trim(), 100)}'; its labels are {Listed(labels)}."));
            }
        }

        if (change.Kind is not null)
        {
            if (RuleKinds.ParseKind(change.Kind) is { } kind)
            {
                rule.Kind = kind;
            }
            else
            {
                problems.Add(Problem.Invalid(prefix + "kind", $"'{UnicodeText.Quote(change.Kind, 40)}' is not a kind of rule; use {string.Join(", ", RuleKinds.Names)}."));
            }
        }

        if (change.Match is not null)
        {
            if (RuleKinds.ParseMatch(change.Match) is { } match)
            {
                rule.Match = match;
            }
            else
            {
                problems.Add(Problem.Invalid(prefix + "match", $"'{UnicodeText.Quote(change.Match, 40)}' is not a match; use any (one term is enough) or all (every term)."));
            }
        }

        if (change.Terms is not null)
        {
            rule.Terms = [.. change.Terms.Select(t => t?.Trim() ?? "")];
        }

        if (change.CaseSensitive is { } caseSensitive)
        {
            rule.CaseSensitive = caseSensitive;
        }

        if (change.Pattern is not null)
        {
            rule.Pattern = change.Pattern;
        }

        if (change.Examples is not null)
        {
            rule.Examples = [.. change.Examples.Select(e => e?.Trim() ?? "")];
        }

        if (change.ExampleDocumentIds is not null)
        {
            rule.ExampleDocumentIds = [.. change.ExampleDocumentIds.Distinct()];
        }

        if (change.Threshold is { } threshold)
        {
            rule.Threshold = threshold;
        }

        if (change.MetaField is not null)
        {
            rule.MetaField = change.MetaField.Trim();
        }

        if (change.MetaValue is not null)
        {
            rule.MetaValue = change.MetaValue.Trim();
        }

        if (change.Enabled is { } enabled)
        {
            // A note says why a rule is off: switched back on, it goes unless the change gives a new one.
            if (enabled && !rule.Enabled)
            {
                rule.Note = null;
            }

            rule.Enabled = enabled;
        }

        if (change.Note is not null)
        {
            rule.Note = change.Note.Trim().Length == 0 ? null : change.Note.Trim();
        }

        KeepKindFields(rule);
    }

    /// <summary>Checks the rule as it would be saved. <paramref name="otherNames"/> are the project's other rules' names.</summary>
    public static void Check(LabellingRule rule, IReadOnlyList<Label> labels, IEnumerable<string> otherNames, List<Problem> problems, string prefix = "")
    {
        string Field(string name) => prefix + name;
        var name = rule.Name;
        if (name.Length == 0)
        {
            problems.Add(Problem.Invalid(Field("name"), "A rule needs a name (1–100 characters), e.g. \"refund words\"."));
        }
        else if (Text(name, Field("name"), "The name", LabellingRules.MaxNameLength) is { } bad)
        {
            problems.Add(bad);
        }
        else if (otherNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            problems.Add(Problem.Invalid(Field("name"), $"The project already has a rule named '{UnicodeText.Quote(taken, 100)}'; choose another name."));
        }

        var label = rule.LabelId is { } labelId ? labels.FirstOrDefault(l => l.Id == labelId) : null;
        if (label is null && rule.Enabled && !problems.Any(p => p.Field == Field("label")))
        {
            problems.Add(Problem.Invalid(Field("label"), rule.LabelName.Length == 0
                ? $"Say which label the rule votes; the project's labels are {Listed(labels)}."
                : $"The rule's label '{UnicodeText.Quote(rule.LabelName, 100)}' no longer exists; say which label it votes (label) to switch it on. The project's labels are {Listed(labels)}."));
        }

        // A kind that was not understood has no fields to check.
        switch (problems.Any(p => p.Field == Field("kind")) ? (RuleKind?)null : rule.Kind)
        {
            case RuleKind.Keywords:
                CheckTerms(rule.Terms, Field, problems);
                break;
            case RuleKind.Regex:
                CheckPattern(rule.Pattern, Field("pattern"), problems);
                break;
            case RuleKind.Similar:
                CheckExamples(rule, Field, problems);
                CheckThreshold(rule.Threshold, Field("threshold"), problems);
                break;
            case RuleKind.LabelDescription:
                if (label is not null && string.IsNullOrWhiteSpace(label.Description))
                {
                    problems.Add(Problem.Invalid(Field("label"), $"Label '{label.Name}' has no description for the rule to compare documents with; give it one first (PATCH the label's description)."));
                }

                CheckThreshold(rule.Threshold, Field("threshold"), problems);
                break;
            case RuleKind.Metadata:
                CheckMeta(rule.MetaField, Field("metaField"), "The metadata field", "a field of the documents' metadata, e.g. \"source\"", problems);
                CheckMeta(rule.MetaValue, Field("metaValue"), "The metadata value", "the value the field must have, e.g. \"helpdesk\"", problems);
                break;
        }

        if (rule.Note is { } note && Text(note, Field("note"), "The note", LabellingRules.MaxNoteLength) is { } badNote)
        {
            problems.Add(badNote);
        }
    }

    /// <summary>The label named <paramref name="name"/>: exactly, else whatever the case (label names are unique whatever the case).</summary>
    public static Label? Find(IReadOnlyList<Label> labels, string name)
    {
        var trimmed = name.Trim();
        return labels.FirstOrDefault(l => l.Name == trimmed) ?? labels.FirstOrDefault(l => string.Equals(l.Name, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static void KeepKindFields(LabellingRule rule)
    {
        if (rule.Kind != RuleKind.Keywords)
        {
            rule.Terms = [];
            rule.Match = RuleMatch.Any;
        }

        if (rule.Kind is not (RuleKind.Keywords or RuleKind.Regex))
        {
            rule.CaseSensitive = false;
        }

        if (rule.Kind != RuleKind.Regex)
        {
            rule.Pattern = null;
        }

        if (rule.Kind != RuleKind.Similar)
        {
            rule.Examples = [];
            rule.ExampleDocumentIds = [];
        }

        if (rule.Kind is RuleKind.Similar or RuleKind.LabelDescription)
        {
            rule.Threshold ??= LabellingRules.DefaultThreshold;
        }
        else
        {
            rule.Threshold = null;
        }

        if (rule.Kind != RuleKind.Metadata)
        {
            rule.MetaField = null;
            rule.MetaValue = null;
        }
    }

    private static void CheckTerms(List<string> terms, Func<string, string> field, List<Problem> problems)
    {
        if (terms.Count == 0)
        {
            problems.Add(Problem.Invalid(field("terms"), "A keywords rule needs at least one term, e.g. [\"refund\", \"money back\"]."));
            return;
        }

        if (terms.Count > LabellingRules.MaxTerms)
        {
            problems.Add(Problem.Invalid(field("terms"), $"{terms.Count} terms in one rule; at most {LabellingRules.MaxTerms}."));
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].Length == 0)
            {
                problems.Add(Problem.Invalid(field($"terms[{i}]"), $"Term {i + 1} is blank; every term needs a word."));
            }
            else if (Text(terms[i], field($"terms[{i}]"), $"Term {i + 1} ('{UnicodeText.Quote(terms[i], 40)}')", LabellingRules.MaxTermLength) is { } bad)
            {
                problems.Add(bad);
            }
        }
    }

    private static void CheckPattern(string? pattern, string field, List<Problem> problems)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            problems.Add(Problem.Invalid(field, "A regex rule needs a pattern (a .NET regular expression), e.g. \"\\\\brefund(s|ed)?\\\\b\"."));
            return;
        }

        if (Text(pattern, field, "The pattern", LabellingRules.MaxPatternLength) is { } bad)
        {
            problems.Add(bad);
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, ParseTimeout);
        }
        catch (ArgumentException e)
        {
            problems.Add(Problem.Invalid(field, $"The pattern '{UnicodeText.Quote(pattern, 200)}' is not a valid .NET regular expression: {e.Message}"));
        }
    }

    private static void CheckExamples(LabellingRule rule, Func<string, string> field, List<Problem> problems)
    {
        var count = rule.Examples.Count + rule.ExampleDocumentIds.Count;
        if (count == 0)
        {
            problems.Add(Problem.Invalid(field("examples"), "A similar rule needs at least one example: texts (examples) or documents of the project (exampleDocumentIds)."));
            return;
        }

        if (count > LabellingRules.MaxExamples)
        {
            problems.Add(Problem.Invalid(field("examples"), $"{count} examples ({rule.Examples.Count} texts, {rule.ExampleDocumentIds.Count} documents); at most {LabellingRules.MaxExamples}."));
            return;
        }

        for (var i = 0; i < rule.Examples.Count; i++)
        {
            var example = rule.Examples[i];
            if (example.Length == 0)
            {
                problems.Add(Problem.Invalid(field($"examples[{i}]"), $"Example {i + 1} is blank; give the text of a document the rule should find."));
            }
            else if (Text(example, field($"examples[{i}]"), $"Example {i + 1}", LabellingRules.MaxExampleLength) is { } bad)
            {
                problems.Add(bad);
            }
        }
    }

    private static void CheckThreshold(double? threshold, string field, List<Problem> problems)
    {
        if (threshold is { } value && !(value > 0 && value <= 1))
        {
            problems.Add(Problem.Invalid(field, $"The threshold {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: give a cosine similarity above 0 and at most 1, e.g. 0.6."));
        }
    }

    private static void CheckMeta(string? value, string field, string what, string example, List<Problem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            problems.Add(Problem.Invalid(field, $"A metadata rule needs {example}."));
        }
        else if (Text(value, field, what, LabellingRules.MaxMetaLength) is { } bad)
        {
            problems.Add(bad);
        }
    }

    private static Problem? Text(string text, string field, string what, int max) =>
        text.Length > max ? Problem.Invalid(field, $"{what} has {text.Length:N0} characters; at most {max:N0}.")
        : UnicodeText.Problem(text) is { } problem ? Problem.Invalid(field, $"{what} {problem}")
        : null;

    private static string Listed(IReadOnlyList<Label> labels) =>
        labels.Count == 0 ? "none" : string.Join(", ", labels.OrderBy(l => l.Order).Select(l => $"'{l.Name}'"));
}
