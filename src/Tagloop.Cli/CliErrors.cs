using Tagloop.Core.Common;

namespace Tagloop.Cli;

/// <summary>Prints user errors to standard error and picks the exit code.</summary>
internal static class CliErrors
{
    public const int UserError = 1;

    public static int Report(IEnumerable<Problem> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem.Field is null ? $"error: {problem.Message}" : $"error: {problem.Field}: {problem.Message}");
        }

        return UserError;
    }

    public static int NoSuchProject(string name)
    {
        Console.Error.WriteLine($"error: there is no project named '{name}'. Create it in the web app first, or check the name and --data-dir.");
        return UserError;
    }
}
