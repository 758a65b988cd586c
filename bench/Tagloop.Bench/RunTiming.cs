using System.Diagnostics;

namespace Tagloop.Bench;

/// <summary>
/// Wall-clock and CPU seconds of one run. On a machine shared with other work the wall clock waits for the others too;
/// the process's CPU time counts only the work done, so it compares settings more steadily.
/// </summary>
internal readonly record struct RunTiming(double Seconds, double CpuSeconds)
{
    public static RunTiming Of(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var cpu = CpuNow();
        var clock = Stopwatch.StartNew();
        action();
        return new RunTiming(clock.Elapsed.TotalSeconds, (CpuNow() - cpu).TotalSeconds);
    }

    /// <summary>The median of each figure on its own.</summary>
    public static RunTiming Median(IReadOnlyList<RunTiming> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return new RunTiming(runs.Select(r => r.Seconds).Order().ElementAt(runs.Count / 2), runs.Select(r => r.CpuSeconds).Order().ElementAt(runs.Count / 2));
    }

    private static TimeSpan CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
