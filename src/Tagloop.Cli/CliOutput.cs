using System.Text.Json;
using Tagloop.Core.Common;

namespace Tagloop.Cli;

/// <summary>What commands print: JSON for scripts (the API's objects), and an outcome as one line or its errors.</summary>
internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // For a terminal or a script, not a web page: names print as typed.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Prints the message for a success (exit 0), or the problems (exit 1).</summary>
    public static int Said<T>(Outcome<T> outcome, Func<T, string> message)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(message);
        if (!outcome.Succeeded)
        {
            return CliErrors.Report(outcome.Problems);
        }

        Console.WriteLine(message(outcome.Value!));
        return 0;
    }
}
