using Tagloop.Core.Common;

namespace Tagloop.Cli;

/// <summary>Prints user errors to standard error and picks the exit code.</summary>
internal static class CliErrors
{
    public const int UserError = 1;

    // The API's field names that are a flag here, so that a message names what the user typed.
    private static readonly Dictionary<string, string?> Flags = new(StringComparer.Ordinal)
    {
        ["textColumn"] = "--text-column",
        ["labelColumn"] = "--label-column",
        ["format"] = "--format",
        ["source"] = "--source",
        ["skipInvalid"] = "--skip-invalid",
        ["encoder"] = "--encoder",
        ["strategy"] = "--strategy",
        ["name"] = null,
        ["guidelines"] = "--guidelines",
        ["file"] = null,
        ["key"] = "--key",
        ["color"] = "--color",
        ["description"] = "--description",
        ["into"] = "--into",
        ["filter"] = "--filter",
    };

    public static int Report(IEnumerable<Problem> problems)
    {
        foreach (var problem in problems)
        {
            var field = problem.Field is null ? null : Flags.TryGetValue(problem.Field, out var flag) ? flag : problem.Field;
            Console.Error.WriteLine(field is null ? $"error: {problem.Message}" : $"error: {field}: {problem.Message}");
        }

        return UserError;
    }

    public static int NoSuchProject(string name)
    {
        Console.Error.WriteLine($"error: there is no project named '{name}'. Create it with 'tagloop projects create' or in the web page, or check the name ('tagloop projects list') and --data-dir.");
        return UserError;
    }
}
