using Spectre.Console;
using Tagloop.Core.Common;
using Tagloop.Core.Import;

namespace Tagloop.Cli;

/// <summary>Prints what an import did, or why it imported nothing.</summary>
internal static class ImportReport
{
    public static int Print(Outcome<ImportResult> outcome, TimeSpan elapsed)
    {
        if (!outcome.Succeeded)
        {
            return CliErrors.Report(outcome.Problems);
        }

        var r = outcome.Value!;
        foreach (var error in r.Errors)
        {
            Console.Error.WriteLine($"line {error.Line}: {error.Message}");
        }

        if (r.ErrorCount > r.Errors.Count)
        {
            Console.Error.WriteLine($"… and {r.ErrorCount - r.Errors.Count} more invalid lines.");
        }

        if (r.Rejected)
        {
            Console.Error.WriteLine($"error: the file has {r.ErrorCount} invalid line(s); nothing was imported. Fix them, or pass --skip-invalid to import the rest.");
            return CliErrors.UserError;
        }

        var rate = elapsed.TotalSeconds > 0 ? r.Imported / elapsed.TotalSeconds : 0;
        AnsiConsole.MarkupLineInterpolated(
            $"Imported [green]{r.Imported}[/] documents ({r.Labelled} with labels) in {elapsed.TotalSeconds:0.0} s ({rate:0} documents/s); skipped {r.Skipped} ({r.Duplicates} duplicates, {r.ErrorCount} invalid).");
        return 0;
    }
}
