using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tagloop.Core.Projects;
using Tagloop.Core.Training;
using Tagloop.Learning.Explore;

namespace Tagloop.Core.Explore;

/// <summary>
/// Each project's map and groups (a server's singleton). Asked for a project's state, it answers at once from what it
/// has and, when the documents changed since, brings the map up to date in the background: documents still without a
/// sentence vector are sent to the <see cref="EmbeddingQueue"/>; a first map is projected whole
/// (<see cref="MapProjection.Project"/>) and grouped with k chosen automatically; later arrivals, up to half as many as
/// the map holds, are placed among the documents already there, which keep their coordinates
/// (<see cref="MapProjection.Place"/>), and join the group of the nearest centre; deleted documents leave the map and
/// their groups, the others staying where they were; more arrivals than half the map draw it again. One computation runs at a time, across projects (each may take the cores for a while). Everything is
/// seeded with <see cref="Seed"/>: the same documents, arriving in the same order, give the same map and groups.
/// </summary>
public sealed partial class ExploreMaps(
    IServiceScopeFactory scopes, EmbeddingStore store, DenseEncoders encoders, EmbeddingQueue encoding, EncodingProgress progress, ILogger<ExploreMaps> logger)
{
    public const int Seed = 17;

    /// <summary>Fewer documents than this make no map.</summary>
    public const int MinDocuments = 3;

    /// <summary>The most groups one may ask for.</summary>
    public const int MaxGroups = 50;

    private const double PlaceAtMost = 0.5;

    private readonly ConcurrentDictionary<int, ProjectMaps> projects = new();
    private readonly SemaphoreSlim heavy = new(1, 1);

    /// <summary>The project's map as it stands, starting whatever brings it up to date; null when there is no such project.</summary>
    public async Task<MapState?> StateAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        var documents = await DocumentsAsync(db, projectId, cancellationToken).ConfigureAwait(false);
        var encoder = MapEncoder.For(project);
        var maps = projects.GetOrAdd(projectId, _ => new ProjectMaps());
        var map = maps.Map is { } current && current.Encoder == encoder ? current : null;
        if (documents.Count < MinDocuments)
        {
            return new MapState(MapState.Unavailable, documents.Count == 0
                ? "Import documents to see them on a map."
                : $"The map needs at least {MinDocuments} documents; this project has {documents.Count}.", null);
        }

        if (map is not null && map.Documents == documents)
        {
            return new MapState(MapState.Ready, Described(map), map);
        }

        var dimension = encoders.Get(encoder).Dimension;
        if (store.Count(projectId, encoder, dimension) < documents.Count)
        {
            RequestEncoding(project, encoder);
            var reading = progress.Stage(projectId) is { } stage && stage.Stage == encoder
                ? $"The sentence model is reading the documents: {stage.Done:N0} of {stage.Total:N0}."
                : "The sentence model is reading the documents.";
            return map is not null
                ? new MapState(MapState.Ready, $"{reading} New documents appear on the map when it is done.", map)
                : new MapState(MapState.Encoding, $"{reading} The map appears when it is done.", null);
        }

        if (maps.Failure is { } failure && failure.Documents == documents)
        {
            return new MapState(map is null ? MapState.Unavailable : MapState.Ready, failure.Message, map);
        }

        Start(project, encoder, dimension, documents, maps);
        return map is not null
            ? new MapState(MapState.Ready, $"{Described(map)} New documents are being placed on it.", map)
            : new MapState(MapState.Computing, documents.Count > 20_000
                ? $"Drawing the map of {documents.Count:N0} documents; this takes up to a minute."
                : $"Drawing the map of {documents.Count:N0} documents; this takes a few seconds.", null);
    }

    /// <summary>The groups at <paramref name="k"/> (null: the automatic choice). k must be between 2 and the documents on the map.</summary>
    public async Task<EmbeddingClusters> ClustersAsync(CorpusMap map, int? k, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (k is null || k == map.Automatic.K)
        {
            return map.Automatic;
        }

        var wanted = k.Value;
        var lazy = map.ByK.GetOrAdd(wanted, _ => new Lazy<Task<EmbeddingClusters>>(() => Task.Run(() => HeavyAsync(() =>
        {
            var rows = ReadRows(map.ProjectId, map.Encoder, map.Dimension, map.Ids);
            return EmbeddingClustering.Fit(rows, map.Dimension, wanted, Seed);
        }))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            map.ByK.TryRemove(wanted, out _);
            throw;
        }
    }

    /// <summary>The distinctive terms of each group of a grouping of the map (computed once per map and k).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<ClusterTerm>>> TermsAsync(CorpusMap map, EmbeddingClusters clusters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(clusters);
        var lazy = map.Terms.GetOrAdd(clusters.K, _ => new Lazy<Task<IReadOnlyList<IReadOnlyList<ClusterTerm>>>>(() => Task.Run(async () =>
        {
            var texts = await TextsAsync(map, CancellationToken.None).ConfigureAwait(false);
            return ClusterTerms.Describe(texts, clusters.Assignments, clusters.K, top: 8);
        })));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            map.Terms.TryRemove(clusters.K, out _);
            throw;
        }
    }

    /// <summary>
    /// The documents on the map least like any labelled one: for each unlabelled document the highest cosine similarity
    /// to a labelled document, lowest first. Reads at most <see cref="Novelty.MaxLabelled"/> labelled and
    /// <see cref="Novelty.MaxCandidates"/> unlabelled documents (seeded samples beyond that).
    /// </summary>
    public Task<IReadOnlyList<NovelDocument>> NoveltyAsync(CorpusMap map, IReadOnlySet<long> labelled, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(labelled);
        return Task.Run(() => HeavyAsync(() => Novelty.Rank(map, labelled, limit, Seed, ids => ReadRows(map.ProjectId, map.Encoder, map.Dimension, ids))), cancellationToken);
    }

    /// <summary>Forgets a deleted project.</summary>
    public void Forget(int projectId) => projects.TryRemove(projectId, out _);

    private static string Described(CorpusMap map) => $"{map.Ids.Length:N0} documents, placed by {map.Encoder}.";

    private static async Task<DocumentsState> DocumentsAsync(TagloopDbContext db, int projectId, CancellationToken cancellationToken)
    {
        var documents = db.Documents.AsNoTracking().Where(d => d.ProjectId == projectId);
        var count = await documents.CountAsync(cancellationToken).ConfigureAwait(false);
        var max = await documents.MaxAsync(d => (long?)d.Id, cancellationToken).ConfigureAwait(false);
        return new DocumentsState(count, max ?? 0);
    }

    private void RequestEncoding(Project project, string encoder)
    {
        if (MapEncoder.Own(project.Task, project.Encoder) == encoder)
        {
            encoding.Request(project.Id);
        }
        else
        {
            encoding.RequestForMap(project.Id);
        }
    }

    private void Start(Project project, string encoder, int dimension, DocumentsState documents, ProjectMaps maps)
    {
        lock (maps)
        {
            if (maps.Running is { IsCompleted: false })
            {
                return;
            }

            maps.Running = Task.Run(async () =>
            {
                try
                {
                    await heavy.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        var previous = maps.Map is { } old && old.Encoder == encoder ? old : null;
                        var map = await BuildAsync(project, encoder, dimension, documents, previous).ConfigureAwait(false);
                        if (map is not null)
                        {
                            maps.Map = map;
                            maps.Failure = null;
                        }
                    }
                    finally
                    {
                        heavy.Release();
                    }
                }
                catch (Exception e)
                {
                    LogFailed(e, project.Id);
                    maps.Failure = (documents, "The map could not be drawn (the server's log says why); it is tried again when documents change.");
                }
            });
        }
    }

    private async Task<CorpusMap?> BuildAsync(Project project, string encoder, int dimension, DocumentsState documents, CorpusMap? previous)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var ids = await db.Documents.AsNoTracking().Where(d => d.ProjectId == project.Id).OrderBy(d => d.Id).Select(d => d.Id)
            .ToListAsync().ConfigureAwait(false);
        long[] present;
        using (var view = store.Open(project.Id, encoder, dimension))
        {
            var stored = view is null ? [] : view.Ids.ToHashSet();
            present = [.. ids.Where(stored.Contains)];
        }

        if (present.Length < ids.Count)
        {
            // Some arrived (or were re-imported) since the count: they are encoded first, and the map drawn then.
            RequestEncoding(project, encoder);
            return null;
        }

        if (present.Length < MinDocuments)
        {
            return null;
        }

        var version = (previous?.Version ?? 0) + 1;
        if (previous is not null)
        {
            // Documents deleted since leave the map; the others keep their places and groups.
            var kept = present.ToHashSet();
            var survivors = Enumerable.Range(0, previous.Ids.Length).Where(row => kept.Contains(previous.Ids[row])).ToArray();
            var baseIds = previous.Ids;
            var baseLayout = previous.Layout;
            var baseGroups = previous.Automatic;
            if (survivors.Length < previous.Ids.Length)
            {
                baseIds = [.. survivors.Select(row => previous.Ids[row])];
                baseLayout = new MapLayout([.. survivors.SelectMany(row => new[] { previous.Layout.X(row), previous.Layout.Y(row) })]);
                baseGroups = ClusterGrowth.Keep(previous.Automatic, survivors);
            }

            var onMap = baseIds.ToHashSet();
            var added = present.Where(id => !onMap.Contains(id)).ToArray();
            if (baseIds.Length >= MinDocuments && added.Length <= baseIds.Length * PlaceAtMost)
            {
                if (added.Length == 0)
                {
                    return new CorpusMap(project.Id, encoder, dimension, survivors.Length < previous.Ids.Length ? version : previous.Version, baseIds, baseLayout, baseGroups, documents);
                }

                var old = ReadRows(project.Id, encoder, dimension, baseIds);
                var fresh = ReadRows(project.Id, encoder, dimension, added);
                var placed = MapProjection.Place(baseLayout, old, fresh, dimension, Seed);
                var grouped = ClusterGrowth.Extend(baseGroups, fresh, dimension);
                LogPlaced(project.Id, added.Length, baseIds.Length);
                return new CorpusMap(project.Id, encoder, dimension, version, [.. baseIds, .. added], placed, grouped, documents);
            }
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var rows = ReadRows(project.Id, encoder, dimension, present);
        var layout = MapProjection.Project(rows, dimension, Seed);
        var automatic = EmbeddingClustering.FitAutomatic(rows, dimension, Seed);
        LogDrawn(project.Id, present.Length, automatic.K, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new CorpusMap(project.Id, encoder, dimension, version, present, layout, automatic, documents);
    }

    /// <summary>The documents' vectors, in the order given (each must be in the store).</summary>
    private float[] ReadRows(int projectId, string encoder, int dimension, IReadOnlyList<long> ids)
    {
        using var view = store.Open(projectId, encoder, dimension)
            ?? throw new InvalidOperationException($"Project {projectId} has no {encoder} vectors.");
        var recordOf = new Dictionary<long, int>(view.Ids.Length);
        for (var r = 0; r < view.Ids.Length; r++)
        {
            recordOf[view.Ids[r]] = r;
        }

        var rows = new float[ids.Count * dimension];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!recordOf.TryGetValue(ids[i], out var record))
            {
                throw new InvalidOperationException($"Document {ids[i]} of project {projectId} has no {encoder} vector.");
            }

            view.CopyRecord(record, rows.AsSpan(i * dimension, dimension));
        }

        return rows;
    }

    private async Task<IReadOnlyList<string>> TextsAsync(CorpusMap map, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var texts = new string[map.Ids.Length];
        Array.Fill(texts, string.Empty);
        const int Page = 5_000;
        long after = 0;
        while (true)
        {
            var page = await db.Documents.AsNoTracking().Where(d => d.ProjectId == map.ProjectId && d.Id > after).OrderBy(d => d.Id).Take(Page)
                .Select(d => new { d.Id, d.Text }).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var document in page)
            {
                if (map.RowOf(document.Id) is var row and >= 0)
                {
                    texts[row] = document.Text;
                }
            }

            if (page.Count < Page)
            {
                return texts;
            }

            after = page[^1].Id;
        }
    }

    private async Task<T> HeavyAsync<T>(Func<T> work)
    {
        await heavy.WaitAsync().ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            heavy.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: map of {Count} documents drawn, {Groups} groups, in {Seconds:0.0} s")]
    private partial void LogDrawn(int projectId, int count, int groups, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Project {ProjectId}: {Added} documents placed on the map of {Count}")]
    private partial void LogPlaced(int projectId, int added, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Project {ProjectId}: drawing the map failed")]
    private partial void LogFailed(Exception exception, int projectId);

    private sealed class ProjectMaps
    {
        public volatile CorpusMap? Map;
        public Task? Running;
        public (DocumentsState Documents, string Message)? Failure;
    }
}
