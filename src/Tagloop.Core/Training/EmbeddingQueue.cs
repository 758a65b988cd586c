using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tagloop.Core.Training;

/// <summary>Projects whose documents wait for their sentence embeddings: asked for by the trainer, worked through by <see cref="EmbeddingCoordinator"/>; duplicates merge.</summary>
public sealed class EmbeddingQueue
{
    private readonly Channel<int> requests = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<int, byte> waiting = new();

    public void Request(int projectId)
    {
        if (waiting.TryAdd(projectId, 0) && !requests.Writer.TryWrite(projectId))
        {
            waiting.TryRemove(projectId, out _);
        }
    }

    internal async IAsyncEnumerable<int> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var projectId in requests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            waiting.TryRemove(projectId, out _);
            yield return projectId;
        }
    }
}
