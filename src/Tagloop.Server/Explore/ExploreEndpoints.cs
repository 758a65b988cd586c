using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Common;
using Tagloop.Core.Explore;
using Tagloop.Core.Projects;
using Tagloop.Core.Tasks;
using Tagloop.Core.Training;
using Tagloop.Core.Users;
using Tagloop.Learning.Explore;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;

namespace Tagloop.Server.Explore;

/// <summary>The Explore tab's data: the map of the documents, their groups, the documents unlike anything labelled, and the caller's chosen next documents.</summary>
public static class ExploreEndpoints
{
    public const int MaxPageSize = 20_000;
    public const int DefaultPageSize = 5_000;
    public const int ExampleLength = 300;
    public const int MaxNovel = 500;

    public static void MapExploreEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/projects/{id:int}").WithTags("Explore");

        group.MapGet("/map", async (int id, int? page, int? pageSize, int? k, HttpContext http, TagloopDbContext db, ExploreMaps explore, ModelRegistry models, CancellationToken ct) =>
        {
            var (pageNumber, size) = (page ?? 1, pageSize ?? DefaultPageSize);
            if (pageNumber < 1)
            {
                return ProblemResults.ToResult(Problem.Invalid("page", $"page counts from 1; got {pageNumber}."));
            }

            if (size is < 1 or > MaxPageSize)
            {
                return ProblemResults.ToResult(Problem.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize:N0}; got {size}."));
            }

            if (CheckK(k) is { } badK)
            {
                return ProblemResults.ToResult(badK);
            }

            var state = await explore.StateAsync(db, id, ct).ConfigureAwait(false);
            if (state is null)
            {
                return ProjectLookup.NotFound(id);
            }

            if (state.Map is not { } map)
            {
                return TypedResults.Ok(new MapDto(state.Status, state.Message, null, ExploreMaps.Seed, 0, 0, 0, pageNumber, size, []));
            }

            if (k > map.Ids.Length)
            {
                return ProblemResults.ToResult(TooManyGroups(k.Value, map));
            }

            var clusters = await explore.ClustersAsync(map, k, ct).ConfigureAwait(false);
            var (project, answers, order) = await AnswersAsync(db, http, id, ct).ConfigureAwait(false);
            var model = models.Current(id);
            var names = project.Labels.ToDictionary(l => l.Id, l => l.Name);
            var first = (int)Math.Min((long)(pageNumber - 1) * size, map.Ids.Length);
            var last = Math.Min(first + size, map.Ids.Length);
            var points = new List<MapPointDto>(last - first);
            for (var row = first; row < last; row++)
            {
                var documentId = map.Ids[row];
                var answer = answers.Main(documentId, order);
                var (prediction, confidence) = Guess(model, documentId);
                points.Add(new MapPointDto(documentId, map.Layout.X(row), map.Layout.Y(row), clusters.Assignments[row],
                    answer is { } label ? names.GetValueOrDefault(label) : null, prediction, confidence));
            }

            return TypedResults.Ok(new MapDto(state.Status, state.Message, map.Encoder, ExploreMaps.Seed, map.Version, clusters.K, map.Ids.Length, pageNumber, size, points));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetMap")
        .WithSummary("The documents placed in 2-D by their sentence vectors (x, y in [-1, 1]), page by page (page from 1, pageSize up to 20,000): "
            + "each with its group (at k, or the automatic choice), the label its current answers give most (an annotator's own only) and the model's guess. "
            + "status is ready, computing or encoding (poll again; points come when ready) or unavailable. The same documents give the same map (seeded).")
        .Produces<MapDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/clusters", async (int id, int? k, HttpContext http, TagloopDbContext db, ExploreMaps explore, CancellationToken ct) =>
        {
            if (CheckK(k) is { } badK)
            {
                return ProblemResults.ToResult(badK);
            }

            var state = await explore.StateAsync(db, id, ct).ConfigureAwait(false);
            if (state is null)
            {
                return ProjectLookup.NotFound(id);
            }

            if (state.Map is not { } map)
            {
                return TypedResults.Ok(new ClustersDto(state.Status, state.Message, 0, k is null, ExploreMaps.Seed, []));
            }

            if (k > map.Ids.Length)
            {
                return ProblemResults.ToResult(TooManyGroups(k.Value, map));
            }

            var clusters = await explore.ClustersAsync(map, k, ct).ConfigureAwait(false);
            var terms = await explore.TermsAsync(map, clusters, ct).ConfigureAwait(false);
            var (project, answers, _) = await AnswersAsync(db, http, id, ct).ConfigureAwait(false);
            var names = project.Labels.OrderBy(l => l.Order).ToDictionary(l => l.Id, l => l.Name);
            var exampleIds = clusters.CentralMembers.SelectMany(members => members.Select(row => map.Ids[row])).ToList();
            var texts = await db.Documents.AsNoTracking().Where(d => d.ProjectId == id && exampleIds.Contains(d.Id))
                .Select(d => new { d.Id, d.Text }).ToDictionaryAsync(d => d.Id, d => d.Text, ct).ConfigureAwait(false);
            // One pass over the map: each document's place, answer and labels added to its group's tallies.
            var counts = Enumerable.Range(0, clusters.K).Select(_ => new Dictionary<string, int>()).ToArray();
            var labelled = new int[clusters.K];
            var (sumX, sumY) = (new double[clusters.K], new double[clusters.K]);
            for (var row = 0; row < map.Ids.Length; row++)
            {
                var c = clusters.Assignments[row];
                (sumX[c], sumY[c]) = (sumX[c] + map.Layout.X(row), sumY[c] + map.Layout.Y(row));
                var documentId = map.Ids[row];
                if (answers.Answered.Contains(documentId))
                {
                    labelled[c]++;
                }

                foreach (var (label, count) in answers.Of(documentId))
                {
                    if (names.TryGetValue(label, out var name))
                    {
                        counts[c][name] = counts[c].GetValueOrDefault(name) + count;
                    }
                }
            }

            var dtos = new List<ClusterDto>(clusters.K);
            for (var c = 0; c < clusters.K; c++)
            {
                var size = clusters.Sizes[c];
                var examples = clusters.CentralMembers[c].Select(row => map.Ids[row]).Where(texts.ContainsKey)
                    .Select(documentId => new ClusterExampleDto(documentId, Cut(texts[documentId]))).ToList();
                dtos.Add(new ClusterDto(c, size, [.. terms[c].Select(t => t.Term)], examples,
                    names.Values.Where(counts[c].ContainsKey).ToDictionary(n => n, n => counts[c][n]), labelled[c],
                    size == 0 ? 0 : (float)(sumX[c] / size), size == 0 ? 0 : (float)(sumY[c] / size)));
            }

            return TypedResults.Ok(new ClustersDto(state.Status, state.Message, clusters.K, k is null || k == map.Automatic.K, ExploreMaps.Seed, dtos));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetClusters")
        .WithSummary("Groups of similar documents (k from 2 to 50; left out, chosen automatically), each with its size, distinctive terms, central documents, "
            + "labelCounts (how many current answers of its documents carry each label; an annotator's own only), how many of its documents are labelled, and its centre on the map. "
            + "Deterministic: the same documents give the same groups.")
        .Produces<ClustersDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/novelty", async (int id, int? limit, HttpContext http, TagloopDbContext db, ExploreMaps explore, CancellationToken ct) =>
        {
            var wanted = limit ?? 50;
            if (wanted is < 1 or > MaxNovel)
            {
                return ProblemResults.ToResult(Problem.Invalid("limit", $"limit must be between 1 and {MaxNovel}; got {wanted}."));
            }

            var state = await explore.StateAsync(db, id, ct).ConfigureAwait(false);
            if (state is null)
            {
                return ProjectLookup.NotFound(id);
            }

            if (state.Map is not { } map)
            {
                return TypedResults.Ok(new NoveltyDto(state.Status, state.Message, []));
            }

            var (_, answers, _) = await AnswersAsync(db, http, id, ct).ConfigureAwait(false);
            if (answers.Answered.Count == 0)
            {
                return TypedResults.Ok(new NoveltyDto(state.Status, "Once documents are labelled, the ones least like any of them are listed here.", []));
            }

            var novel = await explore.NoveltyAsync(map, answers.Answered, wanted, ct).ConfigureAwait(false);
            var ids = novel.Select(n => n.DocumentId).ToList();
            var texts = await db.Documents.AsNoTracking().Where(d => d.ProjectId == id && ids.Contains(d.Id))
                .Select(d => new { d.Id, d.Text }).ToDictionaryAsync(d => d.Id, d => d.Text, ct).ConfigureAwait(false);
            return TypedResults.Ok(new NoveltyDto(state.Status, state.Message,
                [.. novel.Where(n => texts.ContainsKey(n.DocumentId)).Select(n => new NovelDocumentDto(n.DocumentId, Cut(texts[n.DocumentId]), n.Similarity))]));
        })
        .ForRole(ProjectRole.Viewer)
        .WithName("GetNovelty")
        .WithSummary("The unlabelled documents least like any labelled one (highest cosine similarity to a labelled document, lowest first; limit 1 to 500). "
            + "An annotator's own answers count as labelled. Empty before the first answer.")
        .Produces<NoveltyDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/queue/focus", async (int id, FocusRequest request, HttpContext http, TagloopDbContext db, TaskPools pools, QueueFocus focus, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            var ids = request.DocumentIds ?? [];
            if (ids.Count is 0 or > QueueFocus.MaxDocuments)
            {
                return ProblemResults.ToResult(Problem.Invalid("documentIds", $"Give between 1 and {QueueFocus.MaxDocuments:N0} documents; got {ids.Count:N0}."));
            }

            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            var distinct = ids.Distinct().ToList();
            var found = await db.Documents.AsNoTracking().Where(d => d.ProjectId == id && distinct.Contains(d.Id)).CountAsync(ct).ConfigureAwait(false);
            if (found < distinct.Count)
            {
                var known = await db.Documents.AsNoTracking().Where(d => d.ProjectId == id && distinct.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct).ConfigureAwait(false);
                return ProblemResults.ToResult(Problem.Invalid("documentIds", $"Project {id} has no document {string.Join(", ", distinct.Except(known).Take(5))}."));
            }

            focus.Set(id, annotator.Value!, distinct);
            var open = await pools.CountServableAsync(db, id, distinct, annotator.Value!, ct).ConfigureAwait(false);
            return TypedResults.Ok(new FocusDto(open));
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("SetQueueFocus")
        .WithSummary("The caller's next tasks: these documents ({documentIds}, up to 5,000), in this order, those still open to them, before the model's choice "
            + "(after documents sent back for relabelling). Replaces the caller's earlier choice; kept in memory until replaced, cleared or the server restarts.")
        .Produces<FocusDto>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/queue/focus", async (int id, HttpContext http, TagloopDbContext db, QueueFocus focus, CancellationToken ct) =>
        {
            var annotator = AnnotatorHeader.Read(http);
            if (!annotator.Succeeded)
            {
                return ProblemResults.ToResult(annotator.Problems);
            }

            if (!await ProjectLookup.ExistsAsync(db, id, ct).ConfigureAwait(false))
            {
                return ProjectLookup.NotFound(id);
            }

            focus.Clear(id, annotator.Value!);
            return TypedResults.NoContent();
        })
        .ForRole(ProjectRole.Annotator)
        .WithName("ClearQueueFocus")
        .WithSummary("Forgets the caller's chosen next documents: the queue goes back to the model's choice.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Problem? CheckK(int? k) => k is < 2 or > ExploreMaps.MaxGroups
        ? Problem.Invalid("k", $"k, the number of groups, must be between 2 and {ExploreMaps.MaxGroups}; got {k}.")
        : null;

    private static Problem TooManyGroups(int k, CorpusMap map) =>
        Problem.Invalid("k", $"k, the number of groups, can be at most the {map.Ids.Length} documents on the map; got {k}.");

    /// <summary>The text's start, never cutting a surrogate pair in two.</summary>
    private static string Cut(string text)
    {
        if (text.Length <= ExampleLength)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[ExampleLength - 1]) ? ExampleLength - 1 : ExampleLength;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    private static async Task<(Project Project, ExploreAnswers Answers, IReadOnlyDictionary<int, int> Order)> AnswersAsync(
        TagloopDbContext db, HttpContext http, int id, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Labels).FirstAsync(p => p.Id == id, ct).ConfigureAwait(false);
        var onlyAuthor = await ProjectAccess.OwnAnswersOnlyAsync(db, http.Caller(), id, ct).ConfigureAwait(false);
        var answers = await ExploreAnswers.LoadAsync(db, project, onlyAuthor, ct).ConfigureAwait(false);
        return (project, answers, project.Labels.ToDictionary(l => l.Id, l => l.Order));
    }

    /// <summary>The model's most probable label for an unlabelled document and its probability; nothing without a model or for a labelled document.</summary>
    private static (string? Label, double? Confidence) Guess(ModelSnapshot? model, long documentId)
    {
        if (model is null)
        {
            return (null, null);
        }

        var p = model.Pool.Probabilities(documentId);
        if (p.IsEmpty)
        {
            return (null, null);
        }

        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best])
            {
                best = c;
            }
        }

        return (model.Classes[best], Math.Round(p[best], 4));
    }
}
