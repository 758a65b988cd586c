using System.Collections.Concurrent;
using Tagloop.Core.Common;

namespace Tagloop.Core.Training;

/// <summary>
/// Holds each project's current model; a new one replaces the old in one atomic swap, and reads take no lock.
/// Listeners subscribe per project to hear of each new model.
/// </summary>
public sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<int, ModelSnapshot> current = new();
    private readonly ProjectFeed<ModelSnapshot> published = new(capacity: 4);
    private readonly ConcurrentDictionary<int, SpanModelSnapshot> currentSpans = new();

    public ModelSnapshot? Current(int projectId) => current.GetValueOrDefault(projectId);

    /// <summary>The current tagger of a span-tagging project.</summary>
    public SpanModelSnapshot? CurrentSpans(int projectId) => currentSpans.GetValueOrDefault(projectId);

    /// <summary>The current model's ranking of the project's documents, whichever its task; null before a model exists.</summary>
    public IReadOnlyList<long>? Ranked(int projectId) => Current(projectId)?.Ranked ?? CurrentSpans(projectId)?.Ranked;

    public void Publish(SpanModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        currentSpans[snapshot.ProjectId] = snapshot;
    }

    public void Publish(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        current[snapshot.ProjectId] = snapshot;
        published.Publish(snapshot.ProjectId, snapshot);
    }

    public void Forget(int projectId)
    {
        current.TryRemove(projectId, out _);
        currentSpans.TryRemove(projectId, out _);
    }

    /// <summary>Every model published for the project from now on, until the subscription is disposed.</summary>
    public FeedSubscription<ModelSnapshot> Subscribe(int projectId) => published.Subscribe(projectId);

    public int SubscriberCount(int projectId) => published.SubscriberCount(projectId);
}
