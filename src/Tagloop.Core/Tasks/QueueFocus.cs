using System.Collections.Concurrent;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Documents an annotator chose to label next (from the Explore tab: a group, a region of the map, the documents unlike
/// anything labelled). Their queue serves these first — after documents sent back for relabelling — in the order given,
/// skipping those no longer open to them, then goes on as before. Held in memory per project and annotator until
/// replaced or cleared (a restart forgets it: it is an intention of the moment, not a duty like an assignment).
/// </summary>
public sealed class QueueFocus
{
    public const int MaxDocuments = 5_000;

    private readonly ConcurrentDictionary<(int ProjectId, string Annotator), long[]> focus = new();

    public void Set(int projectId, string annotator, IReadOnlyList<long> documentIds)
    {
        ArgumentNullException.ThrowIfNull(annotator);
        ArgumentNullException.ThrowIfNull(documentIds);
        focus[(projectId, annotator)] = [.. documentIds.Distinct()];
    }

    public bool Clear(int projectId, string annotator) => focus.TryRemove((projectId, annotator), out _);

    /// <summary>The annotator's chosen documents, in order (empty when none).</summary>
    public IReadOnlyList<long> Of(int projectId, string annotator) => focus.TryGetValue((projectId, annotator), out var ids) ? ids : [];

    /// <summary>Forgets a deleted project's choices.</summary>
    public void Forget(int projectId)
    {
        foreach (var key in focus.Keys.Where(k => k.ProjectId == projectId).ToList())
        {
            focus.TryRemove(key, out _);
        }
    }
}
