using Tagloop.Core.Annotations;

namespace Tagloop.Core.Tasks;

/// <summary>
/// What the task queue knows of one project, in memory: every visible document in the fixed shuffle order, which
/// ones are answered (by anyone), and which each annotator skipped (and by which skip, for their order). Loaded once from the database and corrected after
/// each commit, so choosing the next document reads no table. Not thread-safe: <see cref="TaskPools"/> serialises
/// the work on each pool.
/// </summary>
internal sealed class TaskPool(double overlapShare = 0, int overlapAnswers = Overlap.MinAnswers)
{
    // Documents with all the answers they need: one, or overlapAnswers on an overlap document.
    private readonly HashSet<long> answered = [];

    // Overlap documents (several people answer each independently), and who has answered those not yet done.
    private readonly HashSet<long> overlap = [];
    private readonly Dictionary<long, HashSet<string>> answeredBy = [];

    // Per annotator: the documents they skipped, each with the id of the skip (ids grow with time).
    private readonly Dictionary<string, Dictionary<long, long>> skipped = new(StringComparer.Ordinal);
    private long[] keys = [];
    private long[] ids = [];

    // The same ids in ascending order: whether a document is in the pool at all. The model's ranking may name documents
    // deleted since it was made, or since before the pool was loaded.
    private long[] sortedIds = [];

    // Documents a split sent back for relabelling, served before anything else (oldest change first).
    private List<long> front = [];

    // Documents set aside for certain people (assignments): served to them first, and to no one else until they have answered.
    private readonly Dictionary<long, string[]> reservedFor = [];

    // The reserved documents in the order they are offered: the ranking's first, then the shuffle order's. Made again
    // when the reservations, the documents or the ranking change.
    private long[] reservedOrder = [];
    private IReadOnlyList<long>? reservedOrderRanking;
    private bool reservedOrderStale;

    // Every position before it holds an answered document, so the unranked walk does not step over them each time.
    private int frontier;

    /// <summary>The completed import runs whose documents are in.</summary>
    public HashSet<long> Imports { get; } = [];

    public int Count => ids.Length;

    public bool IsOpenFor(long documentId, string annotator) =>
        IsServableTo(documentId, annotator) && !IsSkippedBy(documentId, annotator);

    /// <summary>Whether several people answer the document independently.</summary>
    public bool IsOverlap(long documentId) => overlap.Contains(documentId);

    /// <summary>How many more people may hold the document at once: the answers it still needs.</summary>
    public int Slots(long documentId) =>
        overlap.Contains(documentId) ? Math.Max(1, overlapAnswers - (answeredBy.TryGetValue(documentId, out var who) ? who.Count : 0)) : 1;

    /// <summary>Whether the document is in the pool (imported, not deleted).</summary>
    public bool Contains(long documentId) => Array.BinarySearch(sortedIds, documentId) >= 0;

    /// <summary>Whether the annotator's current answer on the document is a skip.</summary>
    public bool IsSkippedBy(long documentId, string annotator) =>
        skipped.TryGetValue(annotator, out var mine) && mine.ContainsKey(documentId);

    /// <summary>
    /// Whether the document may be served to the annotator at all: it still needs answers and none is theirs (a skip of
    /// theirs comes back last).
    /// </summary>
    public bool IsServableTo(long documentId, string annotator) =>
        !answered.Contains(documentId) && Contains(documentId) && !HasAnswered(documentId, annotator) && !IsReservedAgainst(documentId, annotator);

    /// <summary>Whether an assignment sets the document aside for the annotator.</summary>
    public bool IsAssignedTo(long documentId, string annotator) =>
        reservedFor.TryGetValue(documentId, out var who) && Array.IndexOf(who, annotator) >= 0;

    /// <summary>Whether the annotator's current answer on the document is an answer (not a skip): on an open overlap document, or a done one.</summary>
    private bool HasAnswered(long documentId, string annotator) => answeredBy.TryGetValue(documentId, out var who) && who.Contains(annotator);

    /// <summary>
    /// Whether the document is set aside for others who have not answered it yet. Once they all have, an overlap document
    /// that still needs answers is open to anyone.
    /// </summary>
    private bool IsReservedAgainst(long documentId, string annotator) =>
        reservedFor.TryGetValue(documentId, out var who) && Array.IndexOf(who, annotator) < 0 && Array.Exists(who, a => !HasAnswered(documentId, a));

    /// <summary>Adds reservations: documents and the people they are set aside for (their other reservations stay).</summary>
    public void Reserve(IEnumerable<(long DocumentId, string Assignee)> reservations)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        foreach (var (documentId, assignee) in reservations)
        {
            if (!reservedFor.TryGetValue(documentId, out var who))
            {
                reservedFor[documentId] = [assignee];
            }
            else if (Array.IndexOf(who, assignee) < 0)
            {
                reservedFor[documentId] = [.. who, assignee];
            }
        }

        reservedOrderStale = true;
    }

    /// <summary>Sets the documents to serve first, in order (those a split sent back for relabelling).</summary>
    public void SetFront(IEnumerable<long> documentIds) => front = [.. documentIds];

    /// <summary>Takes deleted documents out.</summary>
    public void Remove(IReadOnlyCollection<long> documentIds)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        var removed = documentIds as IReadOnlySet<long> ?? documentIds.ToHashSet();
        var kept = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!removed.Contains(ids[i]))
            {
                (ids[kept], keys[kept]) = (ids[i], keys[i]);
                kept++;
            }
        }

        ids = ids[..kept];
        keys = keys[..kept];
        sortedIds = [.. sortedIds.Where(id => !removed.Contains(id))];
        front.RemoveAll(removed.Contains);
        foreach (var id in documentIds)
        {
            reservedOrderStale |= reservedFor.Remove(id);
            answered.Remove(id);
            overlap.Remove(id);
            answeredBy.Remove(id);
            foreach (var documents in skipped.Values)
            {
                documents.Remove(id);
            }
        }

        frontier = 0;
    }

    /// <summary>
    /// The documents the annotator may get, best first: the model's ranking when there is one, then the shuffle order
    /// (which also holds what arrived after the ranking). Lazy: the caller stops at the first it can lease. Documents the
    /// annotator chose to label next (<see cref="QueueFocus"/>, <paramref name="focus"/>) come right after those sent back
    /// for relabelling.
    /// </summary>
    public IEnumerable<long> Candidates(string annotator, IReadOnlyList<long>? ranked, IReadOnlyList<long>? focus = null)
    {
        foreach (var id in front)
        {
            if (IsOpenFor(id, annotator))
            {
                yield return id;
            }
        }

        if (focus is not null)
        {
            foreach (var id in focus)
            {
                if (IsOpenFor(id, annotator))
                {
                    yield return id;
                }
            }
        }

        // Then what is set aside for them, best first.
        if (reservedFor.Count > 0)
        {
            foreach (var id in ReservedOrder(ranked))
            {
                if (IsAssignedTo(id, annotator) && IsOpenFor(id, annotator))
                {
                    yield return id;
                }
            }
        }

        // Overlap documents someone has answered come next, so that their other answers arrive while the first is fresh.
        foreach (var id in answeredBy.Keys.Order())
        {
            if (IsOpenFor(id, annotator))
            {
                yield return id;
            }
        }

        if (ranked is not null)
        {
            for (var i = 0; i < ranked.Count; i++)
            {
                if (IsOpenFor(ranked[i], annotator))
                {
                    yield return ranked[i];
                }
            }
        }

        while (frontier < ids.Length && answered.Contains(ids[frontier]))
        {
            frontier++;
        }

        for (var i = frontier; i < ids.Length; i++)
        {
            if (IsOpenFor(ids[i], annotator))
            {
                yield return ids[i];
            }
        }

        // Nothing else is open to them: what they skipped comes back, the longest-skipped first, unless someone
        // answered it meanwhile. (Skipping one again sends it to the end.)
        if (skipped.TryGetValue(annotator, out var mine))
        {
            foreach (var (documentId, _) in mine.OrderBy(s => s.Value).ToList())
            {
                if (IsServableTo(documentId, annotator))
                {
                    yield return documentId;
                }
            }
        }
    }

    /// <summary>The reserved documents in the order they are offered: as the ranking has them, then in the shuffle order.</summary>
    private long[] ReservedOrder(IReadOnlyList<long>? ranked)
    {
        if (!reservedOrderStale && ReferenceEquals(ranked, reservedOrderRanking))
        {
            return reservedOrder;
        }

        var order = new List<long>(reservedFor.Count);
        var placed = new HashSet<long>();
        if (ranked is not null)
        {
            for (var i = 0; i < ranked.Count && placed.Count < reservedFor.Count; i++)
            {
                if (reservedFor.ContainsKey(ranked[i]) && placed.Add(ranked[i]))
                {
                    order.Add(ranked[i]);
                }
            }
        }

        for (var i = 0; i < ids.Length && placed.Count < reservedFor.Count; i++)
        {
            if (reservedFor.ContainsKey(ids[i]) && placed.Add(ids[i]))
            {
                order.Add(ids[i]);
            }
        }

        reservedOrder = [.. order];
        reservedOrderRanking = ranked;
        reservedOrderStale = false;
        return reservedOrder;
    }

    /// <summary>Adds documents (id and shuffle key); ones already in are ignored.</summary>
    public void Add(long[] newIds, long[] newKeys)
    {
        ArgumentNullException.ThrowIfNull(newIds);
        ArgumentNullException.ThrowIfNull(newKeys);
        Array.Sort(newKeys, newIds);
        var mergedKeys = new long[keys.Length + newKeys.Length];
        var mergedIds = new long[mergedKeys.Length];
        int i = 0, j = 0, n = 0;
        while (i < keys.Length || j < newKeys.Length)
        {
            if (j == newKeys.Length || (i < keys.Length && (keys[i], ids[i]).CompareTo((newKeys[j], newIds[j])) <= 0))
            {
                // An id already in sorts right beside its duplicate, with the same key.
                if (j < newKeys.Length && keys[i] == newKeys[j] && ids[i] == newIds[j])
                {
                    j++;
                }

                (mergedKeys[n], mergedIds[n]) = (keys[i], ids[i]);
                i++;
            }
            else
            {
                (mergedKeys[n], mergedIds[n]) = (newKeys[j], newIds[j]);
                j++;
            }

            n++;
        }

        for (var m = 0; m < newIds.Length; m++)
        {
            if (Overlap.Includes(newKeys[m], overlapShare))
            {
                overlap.Add(newIds[m]);
            }
        }

        keys = n == mergedKeys.Length ? mergedKeys : mergedKeys[..n];
        ids = n == mergedIds.Length ? mergedIds : mergedIds[..n];
        sortedIds = (long[])ids.Clone();
        Array.Sort(sortedIds);
        frontier = 0;
        reservedOrderStale = true;
    }

    /// <summary>Counts in one current annotation (its id, document, author and kind), while loading (where nothing is current yet).</summary>
    public void AddCurrent(long annotationId, long documentId, string author, AnnotationKind kind)
    {
        if (kind == AnnotationKind.Answer)
        {
            if (overlap.Contains(documentId))
            {
                AnsweredBy(documentId, [author]);
            }
            else
            {
                answered.Add(documentId);
            }
        }
        else if (kind == AnnotationKind.Skip)
        {
            SkippedBy(author)[documentId] = annotationId;
        }
    }

    /// <summary>Sets what is current on one document: its current annotations, as (id, author, kind).</summary>
    public void SetCurrent(long documentId, IReadOnlyCollection<(long Id, string Author, AnnotationKind Kind)> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var authors = current.Where(a => a.Kind == AnnotationKind.Answer).Select(a => a.Author).ToHashSet(StringComparer.Ordinal);
        answeredBy.Remove(documentId);
        var wasDone = answered.Remove(documentId);
        if (overlap.Contains(documentId) && authors.Count > 0)
        {
            AnsweredBy(documentId, authors);
        }
        else if (authors.Count > 0)
        {
            answered.Add(documentId);
        }

        if (wasDone && !answered.Contains(documentId))
        {
            // Open again (an undo): it may sit before the frontier.
            frontier = 0;
        }

        foreach (var (author, documents) in skipped)
        {
            if (!current.Any(a => a.Author == author && a.Kind == AnnotationKind.Skip))
            {
                documents.Remove(documentId);
            }
        }

        foreach (var (id, author, kind) in current)
        {
            if (kind == AnnotationKind.Skip)
            {
                SkippedBy(author)[documentId] = id;
            }
        }
    }

    /// <summary>Records who answered an overlap document; with all the answers it needs it is done.</summary>
    private void AnsweredBy(long documentId, IEnumerable<string> authors)
    {
        if (!answeredBy.TryGetValue(documentId, out var who))
        {
            who = new HashSet<string>(StringComparer.Ordinal);
            answeredBy[documentId] = who;
        }

        who.UnionWith(authors);
        if (who.Count >= overlapAnswers)
        {
            answeredBy.Remove(documentId);
            answered.Add(documentId);
        }
    }

    private Dictionary<long, long> SkippedBy(string author)
    {
        if (!skipped.TryGetValue(author, out var documents))
        {
            documents = [];
            skipped[author] = documents;
        }

        return documents;
    }
}
