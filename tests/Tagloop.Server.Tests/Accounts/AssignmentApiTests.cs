using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.Accounts;

/// <summary>Owners set documents aside for people, by hand, by a search or by metadata; the queue keeps them for those people.</summary>
public class AssignmentApiTests : IDisposable
{
    private readonly TagloopApp app;

    public AssignmentApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected AssignmentApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Documents_assigned_by_a_search_go_to_that_person_only_until_the_assignment_ends()
    {
        var team = await Team.CreateAsync(app);
        var olivia = team.Client("olivia");
        var ids = await app.SeedDocumentsAsync(team.ProjectId,
            ["Appeal lodged against the ruling", "Lunch menu for Friday", "Notice of APPEAL, second circuit", "Quarterly report", "Parking rules"]);
        var appeals = new[] { ids[0], ids[2] };

        var created = await olivia.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/assignments", new { user = "anna", search = "appeal", note = "Anna knows the appeals" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var assignment = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("anna", "appeal", 2, 2), (assignment.GetProperty("user").GetString(), assignment.GetProperty("search").GetString(),
            assignment.GetProperty("documents").GetInt32(), assignment.GetProperty("open").GetInt32()));

        // Rita works through the queue and never gets an appeal.
        var rita = team.Client("rita");
        var ritas = await WorkThroughAsync(rita, team.ProjectId);
        Assert.Equal(3, ritas.Count);
        Assert.Empty(ritas.Intersect(appeals));

        // Anna gets hers, marked as assigned, then nothing (the rest is done).
        var anna = team.Client("anna");
        var annasTask = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/tasks/next");
        Assert.Contains(annasTask.GetProperty("documentId").GetInt64(), appeals);
        Assert.True(annasTask.GetProperty("assigned").GetBoolean());
        var annas = await WorkThroughAsync(anna, team.ProjectId);
        Assert.Equal(appeals.Order(), annas.Order());

        // A document imported later that the search matches is hers too.
        var later = await app.SeedDocumentsAsync(team.ProjectId, ["Appeal withdrawn", "Office party"]);
        Assert.Equal([later[1]], await WorkThroughAsync(rita, team.ProjectId));
        var listed = await rita.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/assignments");
        var row = listed.GetProperty("assignments").EnumerateArray().Single();
        Assert.Equal((3, 1, "Anna knows the appeals", "olivia"), (row.GetProperty("documents").GetInt32(), row.GetProperty("open").GetInt32(),
            row.GetProperty("note").GetString(), row.GetProperty("createdBy").GetString()));

        // Ended, the last one is open to anyone.
        var id = row.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.DeleteAsync($"/api/v1/projects/{team.ProjectId}/assignments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await olivia.DeleteAsync($"/api/v1/projects/{team.ProjectId}/assignments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await olivia.DeleteAsync($"/api/v1/projects/{team.ProjectId}/assignments/{id}")).StatusCode);
        Assert.Equal([later[0]], await WorkThroughAsync(rita, team.ProjectId));

        var audit = await team.Client("root").GetFromJsonAsync<JsonElement>("/api/v1/audit");
        var actions = audit.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("assignment-added", actions);
        Assert.Contains("assignment-removed", actions);
    }

    [Fact]
    public async Task Documents_assigned_by_hand_or_by_metadata_and_bad_requests_named()
    {
        var team = await Team.CreateAsync(app);
        var olivia = team.Client("olivia");
        var ids = await app.SeedDocumentsAsync(team.ProjectId, ["one", "two", "three", "four"]);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            var documents = await db.Documents.Where(d => d.ProjectId == team.ProjectId).OrderBy(d => d.Id).ToListAsync();
            documents[0].MetaJson = """{"court":"Appeals","year":2021}""";
            documents[1].MetaJson = """{"court":"district","tags":["appeals","urgent"]}""";
            documents[2].MetaJson = """{"court":"appeals "}""";
            await db.SaveChangesAsync();
        }

        var url = $"/api/v1/projects/{team.ProjectId}/assignments";
        async Task<string> ProblemAsync(object body)
        {
            var response = await olivia.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name;
        }

        Assert.Equal("user", await ProblemAsync(new { user = "victor", documentIds = new[] { ids[0] } }));
        Assert.Equal("user", await ProblemAsync(new { user = "nora", documentIds = new[] { ids[0] } }));
        Assert.Equal("user", await ProblemAsync(new { user = "nobody-at-all", documentIds = new[] { ids[0] } }));
        Assert.Equal("documentIds", await ProblemAsync(new { user = "anna" }));
        Assert.Equal("documentIds", await ProblemAsync(new { user = "anna", documentIds = new[] { ids[0], 987654321L } }));
        Assert.Equal("metaValue", await ProblemAsync(new { user = "anna", metaField = "court" }));
        Assert.Equal("search", await ProblemAsync(new { user = "anna", search = new string('x', 201) }));
        Assert.Equal(0, (await olivia.GetFromJsonAsync<JsonElement>(url)).GetProperty("assignments").GetArrayLength());

        // A string matches whatever its case, an array when it holds the value, a number as written.
        var byMeta = await (await olivia.PostAsJsonAsync(url, new { user = "rita", metaField = "court", metaValue = "appeals" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, byMeta.GetProperty("documents").GetInt32());
        var byTag = await (await olivia.PostAsJsonAsync(url, new { user = "rita", metaField = "tags", metaValue = "URGENT" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, byTag.GetProperty("documents").GetInt32());
        var byYear = await (await olivia.PostAsJsonAsync(url, new { user = "anna", metaField = "year", metaValue = "2021.0" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, byYear.GetProperty("documents").GetInt32());

        // By hand, for two people: either may take it, a third may not.
        var byHand = await olivia.PostAsJsonAsync(url, new { user = "anna", documentIds = new[] { ids[3], ids[3] } });
        Assert.Equal(HttpStatusCode.Created, byHand.StatusCode);
        Assert.Equal([ids[3]], (await byHand.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(HttpStatusCode.Created, (await olivia.PostAsJsonAsync(url, new { user = "olivia", documentIds = new[] { ids[3] } })).StatusCode);
        // Someone else gets only what nobody holds: "appeals " with its space is not "appeals".
        Assert.Equal([ids[2]], await WorkThroughAsync(team.Client("root"), team.ProjectId, skip: true));
        // Anna: hers by metadata and by hand (root, whose skip came back to them, holds the other one).
        Assert.Equal([ids[0], ids[3]], (await WorkThroughAsync(team.Client("anna"), team.ProjectId)).Order());
    }

    /// <summary>Answers (or skips) everything the queue serves the client, and returns what it served, in order.</summary>
    private static async Task<List<long>> WorkThroughAsync(HttpClient client, int projectId, bool skip = false)
    {
        var served = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            var response = await client.GetAsync($"/api/v1/projects/{projectId}/tasks/next");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return served;
            }

            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetInt64();
            if (served.Contains(id))
            {
                return served;
            }

            served.Add(id);
            object body = skip ? new { documentId = id, skip = true } : new { documentId = id, labels = new[] { "spam" } };
            (await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/annotations", body)).EnsureSuccessStatusCode();
        }

        throw new InvalidOperationException("The queue kept serving documents.");
    }
}
