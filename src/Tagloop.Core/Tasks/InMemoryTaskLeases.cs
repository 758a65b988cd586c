using System.Collections.Concurrent;

namespace Tagloop.Core.Tasks;

/// <summary>
/// Leases in the server's memory, one small table per project under its own lock: no disk write per task. Right for
/// one server per data folder, which the server enforces; a restart forgets the leases.
/// </summary>
public sealed class InMemoryTaskLeases(TimeProvider time) : ITaskLeases
{
    private readonly ConcurrentDictionary<int, ProjectLeases> projects = new();

    /// <summary>Leases not yet run out, over all projects (for tests and diagnostics).</summary>
    public int Count => projects.Values.Sum(p => p.Count(time.GetUtcNow()));

    public bool Shared => false;

    public ValueTask<long?> HeldAsync(int projectId, string annotator, CancellationToken cancellationToken) =>
        ValueTask.FromResult(projects.TryGetValue(projectId, out var leases) ? leases.Held(annotator, time.GetUtcNow()) : null);

    public ValueTask<long?> LeaseFirstFreeAsync(int projectId, string annotator, IEnumerable<long> candidates, Func<long, int> slots, CancellationToken cancellationToken) =>
        ValueTask.FromResult(projects.GetOrAdd(projectId, _ => new ProjectLeases()).LeaseFirstFree(annotator, candidates, slots, time.GetUtcNow()));

    public ValueTask ReleaseAsync(int projectId, string annotator, long documentId, CancellationToken cancellationToken)
    {
        if (projects.TryGetValue(projectId, out var leases))
        {
            leases.Release(annotator, documentId);
        }

        return ValueTask.CompletedTask;
    }

    private sealed class ProjectLeases
    {
        private readonly Lock gate = new();

        // Holders per document: one for most, up to the document's slots for one several people answer independently.
        private readonly Dictionary<long, List<(string Annotator, DateTimeOffset ExpiresAt)>> byDocument = [];
        private readonly Dictionary<string, long> byAnnotator = new(StringComparer.Ordinal);

        public long? Held(string annotator, DateTimeOffset now)
        {
            lock (gate)
            {
                return byAnnotator.TryGetValue(annotator, out var document)
                    && byDocument.TryGetValue(document, out var holders)
                    && holders.Exists(h => h.ExpiresAt > now && string.Equals(h.Annotator, annotator, StringComparison.Ordinal))
                    ? document : null;
            }
        }

        public long? LeaseFirstFree(string annotator, IEnumerable<long> candidates, Func<long, int> slots, DateTimeOffset now)
        {
            lock (gate)
            {
                foreach (var candidate in candidates)
                {
                    byDocument.TryGetValue(candidate, out var holders);
                    var others = holders?.Count(h => h.ExpiresAt > now && !string.Equals(h.Annotator, annotator, StringComparison.Ordinal)) ?? 0;
                    if (others >= Math.Max(1, slots(candidate)))
                    {
                        continue;
                    }

                    if (byAnnotator.TryGetValue(annotator, out var previous))
                    {
                        RemoveHolder(previous, annotator);
                    }

                    holders ??= [];

                    // Leases that ran out may still sit here under their old holders, who then hold nothing.
                    foreach (var stale in holders.Where(h => h.ExpiresAt <= now).ToList())
                    {
                        holders.Remove(stale);
                        if (byAnnotator.TryGetValue(stale.Annotator, out var theirs) && theirs == candidate)
                        {
                            byAnnotator.Remove(stale.Annotator);
                        }
                    }

                    holders.RemoveAll(h => string.Equals(h.Annotator, annotator, StringComparison.Ordinal));
                    holders.Add((annotator, now + TaskQueue.LeaseDuration));
                    byDocument[candidate] = holders;
                    byAnnotator[annotator] = candidate;
                    return candidate;
                }

                return null;
            }
        }

        public void Release(string annotator, long documentId)
        {
            lock (gate)
            {
                if (byAnnotator.TryGetValue(annotator, out var held) && held == documentId)
                {
                    byAnnotator.Remove(annotator);
                    RemoveHolder(documentId, annotator);
                }
            }
        }

        public int Count(DateTimeOffset now)
        {
            lock (gate)
            {
                return byDocument.Values.Sum(holders => holders.Count(h => h.ExpiresAt > now));
            }
        }

        private void RemoveHolder(long documentId, string annotator)
        {
            if (byDocument.TryGetValue(documentId, out var holders))
            {
                holders.RemoveAll(h => string.Equals(h.Annotator, annotator, StringComparison.Ordinal));
                if (holders.Count == 0)
                {
                    byDocument.Remove(documentId);
                }
            }
        }
    }
}
