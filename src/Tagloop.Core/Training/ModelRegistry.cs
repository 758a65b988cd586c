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

    public ModelSnapshot? Current(int projectId) => current.GetValueOrDefault(projectId);

    public void Publish(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        current[snapshot.ProjectId] = snapshot;
        published.Publish(snapshot.ProjectId, snapshot);
    }

    public void Forget(int projectId) => current.TryRemove(projectId, out _);

    /// <summary>Every model published for the project from now on, until the subscription is disposed.</summary>
    public FeedSubscription<ModelSnapshot> Subscribe(int projectId) => published.Subscribe(projectId);

    public int SubscriberCount(int projectId) => published.SubscriberCount(projectId);
}
