using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tagloop.Core.Training;

/// <summary>Projects whose documents wait for their sentence embeddings: asked for by the trainer, worked through by <see cref="EmbeddingCoordinator"/>; duplicates merge.</summary>
public sealed class EmbeddingQueue
{
    private readonly Channel<int> requests = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<int, byte> waiting = new();
    private readonly ConcurrentDictionary<int, byte> forMap = new();

    /// <summary>
    /// Asks for the project's documents to be encoded for its map (<see cref="Explore.MapEncoder"/>) even when its
    /// own model reads no sentence vectors; from then on, while the server runs, new documents are encoded for it too.
    /// </summary>
    public void RequestForMap(int projectId)
    {
        forMap.TryAdd(projectId, 0);
        Request(projectId);
    }

    /// <summary>Whether someone asked for the project's map (<see cref="RequestForMap"/>).</summary>
    public bool IsWantedForMap(int projectId) => forMap.ContainsKey(projectId);

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
