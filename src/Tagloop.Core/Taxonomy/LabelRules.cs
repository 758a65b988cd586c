using System.Globalization;
using System.Text.RegularExpressions;
using Tagloop.Core.Common;

namespace Tagloop.Core.Taxonomy;

/// <summary>Checks a taxonomy and fills in what the user left out (keys 1–9 and a colour palette).</summary>
public static partial class LabelRules
{
    /// <summary>Keys the annotation view uses for itself: f flags, ? shows help, g shows guidelines.</summary>
    public const string ReservedKeys = "f?g";

    public const int MaxLabels = 200;

    public const int MaxDescriptionLength = 2000;

    private static readonly string[] Palette =
    [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    public static Outcome<List<Label>> Build(IReadOnlyList<NewLabel>? labels)
    {
        var problems = new List<Problem>();
        if (labels is null || labels.Count == 0)
        {
            return Problem.Invalid("labels", "A project needs at least one label.");
        }

        if (labels.Count > MaxLabels)
        {
            return Problem.Invalid("labels", $"A project can have at most {MaxLabels} labels; {labels.Count} were given.");
        }

        var result = new List<Label>(labels.Count);

        // Names seen so far, also of labels refused for another reason, so that a duplicate is still reported.
        var seen = new List<Label>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            if (Check(labels[i], $"labels[{i}]", i + 1, seen, PaletteColor(i), problems) is { } label)
            {
                label.Order = i;
                result.Add(label);
                seen.Add(label);
            }
            else if (!string.IsNullOrWhiteSpace(labels[i].Name))
            {
                seen.Add(new Label { Name = labels[i].Name!.Trim() });
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<List<Label>>.Failure(problems);
        }

        AssignMissingKeys(result, [.. result.Where(l => l.Key is not null).Select(l => l.Key!)]);
        return result;
    }

    /// <summary>A colour from the palette for the label at this position.</summary>
    public static string PaletteColor(int position) => Palette[position % Palette.Length];

    /// <summary>The first key no label has, or null when every default key is taken.</summary>
    public static string? FreeKey(IEnumerable<Label> labels)
    {
        var taken = labels.Where(l => l.Key is not null).Select(l => l.Key!).ToHashSet(StringComparer.Ordinal);
        return DefaultKeys.FirstOrDefault(c => !taken.Contains(c));
    }

    /// <summary>
    /// Checks one label as a user gives it against the labels it joins (<paramref name="others"/>): its name (given,
    /// at most 100 characters, not taken, whatever the case), key (one visible character, not reserved, not taken),
    /// description and colour (<paramref name="defaultColor"/> when none is given). Returns the label (no id or order),
    /// or null with the problems added, each naming <paramref name="field"/>.
    /// </summary>
    public static Label? Check(NewLabel given, string field, int position, IEnumerable<Label> others, string defaultColor, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(problems);
        var existing = others.ToList();
        var before = problems.Count;
        var name = NameOrProblem(given.Name, field, position, existing, problems);
        if (name is null)
        {
            return null;
        }

        var key = KeyOrProblem(given.Key, name, field, existing, problems);
        DescriptionProblem(given.Description, name, field, problems);
        var color = ColorOrProblem(given.Color, name, field, problems);
        return problems.Count > before ? null : new Label
        {
            Name = name,
            Key = key,
            Description = given.Description?.Trim() ?? "",
            Color = color ?? defaultColor,
        };
    }

    /// <summary>The trimmed name, or null with a problem: missing, too long, or another label's (case aside). <paramref name="position"/>: the label's place in a list given at once, or 0 for a label given alone.</summary>
    public static string? NameOrProblem(string? given, string field, int position, IReadOnlyCollection<Label> others, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(problems);
        var name = given?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(Problem.Invalid($"{field}.name", position > 0 ? $"Label {position} has no name." : "Give the label a name."));
            return null;
        }

        if (name.Length > 100)
        {
            problems.Add(Problem.Invalid($"{field}.name", $"Label name '{UnicodeText.Quote(name, 40)}' is longer than 100 characters."));
            return null;
        }

        if (others.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            problems.Add(Problem.Invalid($"{field}.name", $"There is already a label named '{UnicodeText.Quote(same.Name)}' (names are compared without regard to case)."));
            return null;
        }

        return name;
    }

    /// <summary>The key in lower case, or null (none given, or a problem added: not one visible character, reserved, or taken).</summary>
    public static string? KeyOrProblem(string? key, string name, string field, IReadOnlyCollection<Label> others, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(problems);
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (key.Length != 1 || char.IsWhiteSpace(key[0]) || char.IsControl(key[0]) || char.IsSurrogate(key[0]))
        {
            problems.Add(Problem.Invalid($"{field}.key", $"Key '{UnicodeText.Quote(key, 10)}' of label '{UnicodeText.Quote(name)}' must be a single visible character."));
            return null;
        }

        var lower = key.ToLowerInvariant();
        if (ReservedKeys.Contains(lower, StringComparison.Ordinal))
        {
            problems.Add(Problem.Invalid($"{field}.key", $"Key '{key}' of label '{UnicodeText.Quote(name)}' is reserved (f flags, ? shows help, g shows guidelines)."));
            return null;
        }

        if (others.FirstOrDefault(l => l.Key == lower) is { } holder)
        {
            problems.Add(Problem.Invalid($"{field}.key", $"Key '{key}' is used by more than one label ('{UnicodeText.Quote(holder.Name)}' has it)."));
            return null;
        }

        return lower;
    }

    public static void DescriptionProblem(string? description, string name, string field, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (description is { Length: > MaxDescriptionLength })
        {
            problems.Add(Problem.Invalid($"{field}.description", $"The description of label '{UnicodeText.Quote(name)}' is {description.Length:N0} characters; at most {MaxDescriptionLength:N0} are allowed."));
        }
    }

    /// <summary>The colour, trimmed; null when none was given or (with a problem added) it is not a hex colour.</summary>
    public static string? ColorOrProblem(string? given, string name, string field, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var color = string.IsNullOrWhiteSpace(given) ? null : given.Trim();
        if (color is not null && !HexColor().IsMatch(color))
        {
            problems.Add(Problem.Invalid($"{field}.color", $"Colour '{UnicodeText.Quote(color, 20)}' of label '{UnicodeText.Quote(name)}' must be a hex colour such as #1f77b4."));
            return null;
        }

        return color;
    }

    private static readonly string[] DefaultKeys = [.. "123456789abcdehijklmnopqrstuvwxyz0".Select(c => c.ToString(CultureInfo.InvariantCulture))];

    private static void AssignMissingKeys(List<Label> labels, HashSet<string> taken)
    {
        using var next = DefaultKeys.Where(c => !taken.Contains(c)).GetEnumerator();
        foreach (var label in labels.Where(l => l.Key is null))
        {
            label.Key = next.MoveNext() ? next.Current : null;
        }
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
