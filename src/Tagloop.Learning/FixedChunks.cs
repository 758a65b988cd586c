namespace Tagloop.Learning;

/// <summary>
/// Splits [0, n) into a number of chunks fixed by n alone (at most 64, at least 256 items each where there are that
/// many), so that work done per chunk in parallel and combined in chunk order gives the same result whatever the threads.
/// </summary>
internal static class FixedChunks
{
    /// <summary>How many chunks [0, n) is split into.</summary>
    public static int Count(int n) => Math.Max(1, Math.Min(64, n / 256));

    /// <summary>The items [From, To) of chunk <paramref name="chunk"/>.</summary>
    public static (int From, int To) Range(int n, int chunk)
    {
        var chunks = Count(n);
        return ((int)((long)n * chunk / chunks), (int)((long)n * (chunk + 1) / chunks));
    }
}
