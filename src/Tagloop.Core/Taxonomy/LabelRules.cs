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

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Label>(labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            var field = $"labels[{i}]";
            var given = labels[i];
            var name = given.Name?.Trim() ?? "";
            if (name.Length == 0)
            {
                problems.Add(Problem.Invalid($"{field}.name", $"Label {i + 1} has no name."));
                continue;
            }

            if (name.Length > 100)
            {
                problems.Add(Problem.Invalid($"{field}.name", $"Label name '{name[..40]}…' is longer than 100 characters."));
                continue;
            }

            if (!names.Add(name))
            {
                problems.Add(Problem.Invalid($"{field}.name", $"Label '{name}' appears more than once."));
            }

            string? key = null;
            if (!string.IsNullOrEmpty(given.Key))
            {
                key = given.Key;
                if (key.Length != 1 || char.IsWhiteSpace(key[0]) || char.IsControl(key[0]))
                {
                    problems.Add(Problem.Invalid($"{field}.key", $"Key '{UnicodeText.Quote(key, 10)}' of label '{name}' must be a single visible character."));
                }
                else if (ReservedKeys.Contains(key.ToLowerInvariant(), StringComparison.Ordinal))
                {
                    problems.Add(Problem.Invalid($"{field}.key", $"Key '{key}' of label '{name}' is reserved (f flags, ? shows help, g shows guidelines)."));
                }
                else if (!keys.Add(key.ToLowerInvariant()))
                {
                    problems.Add(Problem.Invalid($"{field}.key", $"Key '{key}' is used by more than one label."));
                }
            }

            if (given.Description is { Length: > MaxDescriptionLength })
            {
                problems.Add(Problem.Invalid($"{field}.description", $"The description of label '{name}' is {given.Description.Length:N0} characters; at most {MaxDescriptionLength:N0} are allowed."));
            }

            var color = string.IsNullOrWhiteSpace(given.Color) ? null : given.Color.Trim();
            if (color is not null && !HexColor().IsMatch(color))
            {
                problems.Add(Problem.Invalid($"{field}.color", $"Colour '{UnicodeText.Quote(color, 20)}' of label '{name}' must be a hex colour such as #1f77b4."));
            }

            result.Add(new Label
            {
                Name = name,
                Key = key?.ToLowerInvariant(),
                Description = given.Description?.Trim() ?? "",
                Color = color ?? Palette[i % Palette.Length],
                Order = i,
            });
        }

        if (problems.Count > 0)
        {
            return Outcome<List<Label>>.Failure(problems);
        }

        AssignMissingKeys(result, keys);
        return result;
    }

    private static void AssignMissingKeys(List<Label> labels, HashSet<string> taken)
    {
        var candidates = "123456789abcdehijklmnopqrstuvwxyz0".Select(c => c.ToString(CultureInfo.InvariantCulture));
        using var next = candidates.Where(c => !taken.Contains(c)).GetEnumerator();
        foreach (var label in labels.Where(l => l.Key is null))
        {
            label.Key = next.MoveNext() ? next.Current : null;
        }
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
