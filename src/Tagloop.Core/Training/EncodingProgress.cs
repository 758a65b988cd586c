using System.Collections.Concurrent;

namespace Tagloop.Core.Training;

/// <summary>How far the encoding of each project's new documents has got, while it runs.</summary>
public sealed class EncodingProgress
{
    private readonly ConcurrentDictionary<int, (int Done, int Total)> running = new();

    public void Report(int projectId, int done, int total)
    {
        if (done >= total)
        {
            running.TryRemove(projectId, out _);
        }
        else
        {
            running[projectId] = (done, total);
        }
    }

    /// <summary>Documents encoded and to encode, or null when nothing is being encoded.</summary>
    public (int Done, int Total)? Of(int projectId) => running.TryGetValue(projectId, out var value) ? value : null;
}
