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

    public ValueTask<long?> HeldAsync(int projectId, string annotator, CancellationToken cancellationToken) =>
        ValueTask.FromResult(projects.TryGetValue(projectId, out var leases) ? leases.Held(annotator, time.GetUtcNow()) : null);

    public ValueTask<long?> LeaseFirstFreeAsync(int projectId, string annotator, IEnumerable<long> candidates, CancellationToken cancellationToken) =>
        ValueTask.FromResult(projects.GetOrAdd(projectId, _ => new ProjectLeases()).LeaseFirstFree(annotator, candidates, time.GetUtcNow()));

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
        private readonly Dictionary<long, (string Annotator, DateTimeOffset ExpiresAt)> byDocument = [];
        private readonly Dictionary<string, long> byAnnotator = new(StringComparer.Ordinal);

        public long? Held(string annotator, DateTimeOffset now)
        {
            lock (gate)
            {
                return byAnnotator.TryGetValue(annotator, out var document) && byDocument[document].ExpiresAt > now ? document : null;
            }
        }

        public long? LeaseFirstFree(string annotator, IEnumerable<long> candidates, DateTimeOffset now)
        {
            lock (gate)
            {
                foreach (var candidate in candidates)
                {
                    if (byDocument.TryGetValue(candidate, out var lease) && lease.ExpiresAt > now && !string.Equals(lease.Annotator, annotator, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (byAnnotator.TryGetValue(annotator, out var previous))
                    {
                        byDocument.Remove(previous);
                    }

                    // A lease that ran out may still sit here under its old holder, who then holds nothing.
                    if (byDocument.TryGetValue(candidate, out var stale) && !string.Equals(stale.Annotator, annotator, StringComparison.Ordinal))
                    {
                        byAnnotator.Remove(stale.Annotator);
                    }

                    byDocument[candidate] = (annotator, now + TaskQueue.LeaseDuration);
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
                    byDocument.Remove(documentId);
                }
            }
        }

        public int Count(DateTimeOffset now)
        {
            lock (gate)
            {
                return byDocument.Values.Count(l => l.ExpiresAt > now);
            }
        }
    }
}
