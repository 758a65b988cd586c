using System.Text;
using System.Text.RegularExpressions;

namespace Tagloop.Server.Tests.Import;

/// <summary>
/// What a fuzz run found, each kind of failure once (with how often it recurred), so that one bug that every file
/// hits does not hide the others.
/// </summary>
internal sealed partial class Failures
{
    private readonly Dictionary<string, (string Message, int Times)> found = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public int Distinct => order.Count;

    /// <summary>Adds the problems one file (or one walk through the pages) caused, with what shows the failure.</summary>
    public void Add(IReadOnlyList<string> problems, string context)
    {
        foreach (var problem in problems)
        {
            var kind = Kind(problem);
            if (found.TryGetValue(kind, out var seen))
            {
                found[kind] = (seen.Message, seen.Times + 1);
                continue;
            }

            found[kind] = ($"{problem}\n  {context}", 1);
            order.Add(kind);
        }
    }

    public override string ToString()
    {
        var report = new StringBuilder($"{order.Count} kind(s) of failure:\n");
        foreach (var kind in order)
        {
            var (message, times) = found[kind];
            report.Append("\n* ").Append(times > 1 ? $"({times} times; the first:) " : "").Append(message).Append('\n');
        }

        return report.ToString();
    }

    /// <summary>A problem without its numbers (HTTP statuses kept) and quoted text: "the browse row of document # shows …".</summary>
    private static string Kind(string problem)
    {
        var start = Quoted().Replace(Digits().Replace(problem, "#"), "\"…\"");
        return start.Length > 70 ? start[..70] : start;
    }

    [GeneratedRegex("(?<!(status|→) )[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();
}
