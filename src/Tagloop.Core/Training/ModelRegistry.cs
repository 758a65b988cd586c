using System.Collections.Concurrent;

namespace Tagloop.Core.Training;

/// <summary>Holds each project's current model; a new one replaces the old in one atomic swap, and reads take no lock.</summary>
public sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<int, ModelSnapshot> current = new();

    public ModelSnapshot? Current(int projectId) => current.GetValueOrDefault(projectId);

    public void Publish(ModelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        current[snapshot.ProjectId] = snapshot;
    }

    public void Forget(int projectId) => current.TryRemove(projectId, out _);
}
