using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Server.Tests;

/// <summary>The Explore tab's API: the map, the groups, novelty, the caller's chosen next documents and answers given in bulk.</summary>
public sealed class ExploreApiTests : IDisposable
{
    private static readonly string[] Animals =
    [
        "The kitten is asleep on the warm sofa.", "Our dog barks at the postman every morning.", "A horse grazed quietly in the meadow.",
        "The parrot repeated every word it heard.", "A puppy chased a ball across the garden.", "The cat caught a mouse in the barn.",
        "Two rabbits nibbled the lettuce in the vegetable patch.", "The old sheepdog herded the flock down the hill.",
        "A goldfish swam in circles in its little bowl.", "The hamster ran on its wheel all night.",
        "Ducks waddled to the pond behind the farm.", "The vet said our tortoise is perfectly healthy.",
    ];

    private static readonly string[] Money =
    [
        "Shares fell sharply after the quarterly earnings report.", "The central bank raised interest rates again.",
        "Investors sold bonds as inflation climbed.", "The stock exchange closed lower on Friday.",
        "The company's profits doubled thanks to strong sales.", "Mortgage rates reached their highest level in a decade.",
        "The pension fund moved its savings into government bonds.", "Analysts expect the currency to weaken further.",
        "The bank reported record losses on its loan book.", "Oil prices pushed the share index to a new high.",
        "Tax revenue fell short of the budget forecast.", "The start-up raised ten million in venture capital.",
    ];

    private static readonly string[] Sport =
    [
        "The striker scored twice in the second half.", "She won the marathon in record time.", "The tennis final went to five sets.",
        "The goalkeeper saved a penalty in the last minute.", "The cyclists climbed the mountain stage in heavy rain.",
        "Our team lost the cup match after extra time.", "The sprinter broke the national record over one hundred metres.",
        "The coach picked three new players for the squad.", "The boxer knocked out his opponent in the third round.",
        "Fans cheered as the home side lifted the trophy.", "The swimmer took gold in the relay.", "The referee sent off two players.",
    ];

    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_map_places_every_document_deterministically_pages_them_and_groups_the_topics_apart()
    {
        var client = app.ClientFor("ana");
        var project = await app.CreateProjectAsync("Topics", false, "animals", "money", "sport");
        var ids = await app.SeedDocumentsAsync(project, [.. Animals, .. Money, .. Sport]);

        // A project on TF-IDF alone gets MiniLM vectors for its map: first the sentence model reads, then the map is drawn.
        var map = await WaitForMapAsync(client, project);
        Assert.Equal("minilm", map.GetProperty("encoder").GetString());
        Assert.Equal(36, map.GetProperty("total").GetInt32());
        var points = map.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), points.Select(p => p.GetProperty("documentId").GetInt64()).Order());
        Assert.All(points, p =>
        {
            Assert.InRange(p.GetProperty("x").GetSingle(), -1f, 1f);
            Assert.InRange(p.GetProperty("y").GetSingle(), -1f, 1f);
            Assert.Equal(JsonValueKind.Null, p.GetProperty("answer").ValueKind);
        });

        // Pages split the same points.
        var paged = new List<long>();
        for (var page = 1; page <= 4; page++)
        {
            var part = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map?page={page}&pageSize=10");
            paged.AddRange(part.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("documentId").GetInt64()));
        }

        Assert.Equal(points.Select(p => p.GetProperty("documentId").GetInt64()), paged);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map?page=5&pageSize=10")).GetProperty("points").EnumerateArray());

        // The groups chosen automatically recover the topics: each topic's documents mostly (10 of 12) in a group of its own.
        var automatic = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/clusters");
        Assert.True(automatic.GetProperty("automatic").GetBoolean());
        Assert.Equal(map.GetProperty("k").GetInt32(), automatic.GetProperty("k").GetInt32());
        var clusterOf = points.ToDictionary(p => p.GetProperty("documentId").GetInt64(), p => p.GetProperty("cluster").GetInt32());
        var majorities = new List<int>();
        foreach (var topic in new[] { ids[..12], ids[12..24], ids[24..] })
        {
            var majority = topic.GroupBy(id => clusterOf[id]).OrderByDescending(g => g.Count()).First();
            Assert.True(majority.Count() >= 10, $"A topic is spread over groups: {string.Join(",", topic.Select(id => clusterOf[id]))}.");
            majorities.Add(majority.Key);
        }

        Assert.Equal(3, majorities.Distinct().Count());
        foreach (var cluster in automatic.GetProperty("clusters").EnumerateArray())
        {
            Assert.Equal(clusterOf.Values.Count(c => c == cluster.GetProperty("id").GetInt32()), cluster.GetProperty("size").GetInt32());
            var examples = cluster.GetProperty("examples").EnumerateArray().ToList();
            Assert.InRange(examples.Count, 1, 5);
            Assert.All(examples, e => Assert.Equal(cluster.GetProperty("id").GetInt32(), clusterOf[e.GetProperty("documentId").GetInt64()]));
            Assert.Equal(0, cluster.GetProperty("labelled").GetInt32());
        }

        // More or fewer groups on request, the map's points following.
        foreach (var k in new[] { 2, 3, 6 })
        {
            var asked = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/clusters?k={k}");
            Assert.Equal(k, asked.GetProperty("k").GetInt32());
            Assert.Equal(k, asked.GetProperty("clusters").GetArrayLength());
            Assert.Equal(36, asked.GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("size").GetInt32()));
            var withK = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map?k={k}&pageSize=100");
            Assert.Equal(k, withK.GetProperty("k").GetInt32());
            Assert.All(withK.GetProperty("points").EnumerateArray(), p => Assert.InRange(p.GetProperty("cluster").GetInt32(), 0, k - 1));
        }

        // The sport group's terms are sport words.
        var sportGroup = automatic.GetProperty("clusters")[majorities[2]];
        Assert.Contains(sportGroup.GetProperty("terms").EnumerateArray().Select(t => t.GetString()), t => t is "players" or "record" or "match" or "team" or "scored" or "final");

        // A second server given the same documents draws the same map (the layout and groups are seeded).
        using var other = new TagloopApp();
        var otherClient = other.ClientFor("ana");
        var otherProject = await other.CreateProjectAsync("Topics", false, "animals", "money", "sport");
        await other.SeedDocumentsAsync(otherProject, [.. Animals, .. Money, .. Sport]);
        var again = await WaitForMapAsync(otherClient, otherProject);
        Assert.Equal(
            points.Select(p => (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle(), p.GetProperty("cluster").GetInt32())),
            again.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle(), p.GetProperty("cluster").GetInt32())));
    }

    [Fact]
    public async Task Answers_show_on_the_map_and_in_the_groups_new_documents_are_placed_and_deleted_ones_leave_without_moving_the_others_and_novelty_finds_the_unlabelled_topic()
    {
        var client = app.ClientFor("ana");
        var project = await app.CreateProjectAsync("Topics", false, "animals", "money", "sport");
        var ids = await app.SeedDocumentsAsync(project, [.. Animals[..10], .. Money[..10], .. Sport[..10]]);
        var first = await WaitForMapAsync(client, project);

        for (var i = 0; i < 4; i++)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], labels = new[] { "animals" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[10 + i], labels = new[] { "money" } })).EnsureSuccessStatusCode();
        }

        // A second person's answer counts too: two answers on one document.
        (await app.ClientFor("ben").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "animals" } })).EnsureSuccessStatusCode();

        var clusters = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/clusters?k=3");
        var map = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map?k=3");
        var points = map.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64());
        Assert.Equal("animals", points[ids[0]].GetProperty("answer").GetString());
        Assert.Equal("money", points[ids[12]].GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, points[ids[25]].GetProperty("answer").ValueKind);
        // Each group counts the answers of its own documents (Ana's four animals, Ben's one, Ana's four money documents).
        var answers = new Dictionary<long, string[]>();
        for (var i = 0; i < 4; i++)
        {
            answers[ids[i]] = ["animals"];
            answers[ids[10 + i]] = ["money"];
        }

        answers[ids[0]] = ["animals", "animals"];
        foreach (var group in clusters.GetProperty("clusters").EnumerateArray())
        {
            var members = points.Values.Where(p => p.GetProperty("cluster").GetInt32() == group.GetProperty("id").GetInt32()).Select(p => p.GetProperty("documentId").GetInt64()).ToList();
            Assert.Equal(members.Count, group.GetProperty("size").GetInt32());
            Assert.Equal(members.Count(answers.ContainsKey), group.GetProperty("labelled").GetInt32());
            var expected = members.Where(answers.ContainsKey).SelectMany(m => answers[m]).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(expected.OrderBy(e => e.Key), group.GetProperty("labelCounts").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).OrderBy(e => e.Key));
        }

        Assert.Equal(9, clusters.GetProperty("clusters").EnumerateArray().Sum(g => g.GetProperty("labelCounts").EnumerateObject().Sum(p => p.Value.GetInt32())));

        // Unlike anything labelled: the sport documents, all ten before any unlabelled animal or money one.
        var novelty = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/novelty?limit=10");
        var novel = novelty.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetInt64()).ToList();
        Assert.Equal(ids[20..].Order(), novel.Order());
        var similarities = novelty.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("similarity").GetDouble()).ToList();
        Assert.Equal(similarities.Order(), similarities);

        // Six more documents arrive: they are placed, and the thirty already there keep their coordinates exactly.
        var added = await app.SeedDocumentsAsync(project, [.. Animals[10..], .. Money[10..], .. Sport[10..]]);
        var grown = await WaitForMapAsync(client, project, total: 36);
        Assert.Equal(first.GetProperty("version").GetInt32() + 1, grown.GetProperty("version").GetInt32());
        var before = first.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64(), p => (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle()));
        var after = grown.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64(), p => (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle()));
        Assert.All(before, p => Assert.Equal(p.Value, after[p.Key]));
        Assert.All(added, id => Assert.True(after.ContainsKey(id)));

        // Two documents deleted: they leave the map, and the rest stay exactly where they were.
        var gone = new[] { ids[3], added[5] };
        foreach (var id in gone)
        {
            (await client.DeleteAsync($"/api/v1/projects/{project}/documents/{id}")).EnsureSuccessStatusCode();
        }

        var shrunk = await WaitForMapAsync(client, project, total: 34);
        Assert.Equal(grown.GetProperty("version").GetInt32() + 1, shrunk.GetProperty("version").GetInt32());
        var remaining = shrunk.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64(), p => (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle()));
        Assert.DoesNotContain(remaining.Keys, gone.Contains);
        Assert.All(remaining, p => Assert.Equal(after[p.Key], p.Value));
        var regrouped = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/clusters");
        Assert.Equal(34, regrouped.GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("size").GetInt32()));

        // Each new document lands nearer its own topic's documents than the others' (centres on the map).
        (float X, float Y) Centre(IEnumerable<long> topic) => (topic.Average(id => after[id].Item1), topic.Average(id => after[id].Item2));
        var centres = new[] { Centre(ids[..10]), Centre(ids[10..20]), Centre(ids[20..]) };
        for (var t = 0; t < 3; t++)
        {
            foreach (var id in added.Skip(2 * t).Take(2))
            {
                var distances = centres.Select(c => Math.Pow(c.X - after[id].Item1, 2) + Math.Pow(c.Y - after[id].Item2, 2)).ToList();
                Assert.Equal(t, distances.IndexOf(distances.Min()));
            }
        }
    }

    [Fact]
    public async Task Chosen_documents_come_first_in_the_callers_queue_and_bulk_answers_are_all_or_nothing()
    {
        var ana = app.ClientFor("ana");
        var project = await app.CreateProjectAsync("Topics", false, "animals", "money", "sport");
        var ids = await app.SeedDocumentsAsync(project, [.. Animals, .. Sport]);

        // Ana chooses three sport documents: her queue serves them, in her order; Ben's queue is unchanged by it.
        var chosen = new[] { ids[20], ids[15], ids[22] };
        var focus = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/queue/focus", new { documentIds = chosen });
        Assert.Equal(HttpStatusCode.OK, focus.StatusCode);
        Assert.Equal(3, (await focus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        foreach (var expected in chosen)
        {
            var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
            Assert.Equal(expected, task.GetProperty("documentId").GetInt64());
            (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = expected, labels = new[] { "sport" } })).EnsureSuccessStatusCode();
        }

        var afterwards = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.DoesNotContain(afterwards.GetProperty("documentId").GetInt64(), chosen);

        // Answered documents no longer count as queued; cleared, the queue is the model's again.
        var again = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/queue/focus", new { documentIds = new[] { ids[20], ids[23] } });
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queued").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await ana.DeleteAsync($"/api/v1/projects/{project}/queue/focus")).StatusCode);

        // Refusals name the field.
        await AssertInvalidAsync(await ana.PostAsJsonAsync($"/api/v1/projects/{project}/queue/focus", new { documentIds = Array.Empty<long>() }), "documentIds");
        await AssertInvalidAsync(await ana.PostAsJsonAsync($"/api/v1/projects/{project}/queue/focus", new { documentIds = new[] { ids[0], 999_999L } }), "documentIds", "999999");

        // Bulk: five animal documents at once, then again (unchanged), then a relabel of two of them.
        var five = ids[..5];
        var bulk = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = five, labels = new[] { "animals" } });
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        var result = await bulk.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((5, 0), (result.GetProperty("recorded").GetInt32(), result.GetProperty("unchanged").GetInt32()));
        var repeat = await (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = five, labels = new[] { "animals" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 5), (repeat.GetProperty("recorded").GetInt32(), repeat.GetProperty("unchanged").GetInt32()));
        var relabel = await (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = five[..2], labels = new[] { "money" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, relabel.GetProperty("recorded").GetInt32());

        // Ben's own answer on one of them stays beside Ana's.
        (await app.ClientFor("ben").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "animals" } })).EnsureSuccessStatusCode();
        var document = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents/{ids[0]}");
        var current = document.GetProperty("annotations").EnumerateArray().Where(a => a.GetProperty("isCurrent").GetBoolean()).Select(a => (a.GetProperty("author").GetString(), a.GetProperty("labels")[0].GetString())).Order().ToList();
        Assert.Equal([("ana", "money"), ("ben", "animals")], current);

        // Nothing is written when one document or the label is wrong.
        await AssertInvalidAsync(await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = new[] { ids[6], 424_242L }, labels = new[] { "animals" } }), "documentIds", "424242");
        await AssertInvalidAsync(await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = new[] { ids[6] }, labels = new[] { "cats" } }), "labels", "cats");
        await AssertInvalidAsync(await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = new[] { ids[6] }, labels = new[] { "animals", "sport" } }), "labels");
        var untouched = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents/{ids[6]}");
        Assert.Empty(untouched.GetProperty("annotations").EnumerateArray());
    }

    [Fact]
    public async Task An_annotator_sees_only_their_own_answers_on_the_map_and_in_the_groups_and_a_viewer_may_not_write()
    {
        var team = await Accounts.Team.CreateAsync(app);
        var ids = await app.SeedDocumentsAsync(team.ProjectId, [.. Animals[..6], .. Money[..6]]);
        var anna = team.Client("anna");
        foreach (var i in new[] { 0, 2, 4 })
        {
            (await anna.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[i], labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        }

        (await team.Client("rita").PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[1], labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        (await team.Client("rita").PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations", new { documentId = ids[0], labels = new[] { "ham" } })).EnsureSuccessStatusCode();

        await WaitForMapAsync(team.Client("victor"), team.ProjectId);
        async Task<(Dictionary<long, string?> Answers, int Counted, int Labelled)> SeenBy(string user)
        {
            var client = team.Client(user);
            var map = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/map");
            var groups = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/clusters");
            return (map.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64(), p => p.GetProperty("answer").GetString()),
                groups.GetProperty("clusters").EnumerateArray().Sum(g => g.GetProperty("labelCounts").EnumerateObject().Sum(c => c.Value.GetInt32())),
                groups.GetProperty("clusters").EnumerateArray().Sum(g => g.GetProperty("labelled").GetInt32()));
        }

        var annas = await SeenBy("anna");
        Assert.Equal("spam", annas.Answers[ids[0]]);
        Assert.Null(annas.Answers[ids[1]]);
        Assert.Equal((3, 3), (annas.Counted, annas.Labelled));
        var victors = await SeenBy("victor");
        Assert.Equal("ham", victors.Answers[ids[1]]);
        Assert.Equal((5, 4), (victors.Counted, victors.Labelled));

        // Novelty for Anna reads her three answers (animals): the money documents are least like them.
        var novel = await anna.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/novelty?limit=6");
        Assert.Equal(ids[6..].Order(), novel.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetInt64()).Order());

        // A viewer reads the map but neither labels in bulk nor chooses a queue.
        var victor = team.Client("victor");
        Assert.Equal(HttpStatusCode.Forbidden, (await victor.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations/bulk", new { documentIds = new[] { ids[2] }, labels = new[] { "spam" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await victor.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/queue/focus", new { documentIds = new[] { ids[2] } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync($"/api/v1/projects/{team.ProjectId}/map")).StatusCode);

        // Anna's bulk answer is hers, whatever header she sends.
        anna.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "mallory");
        (await anna.PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/annotations/bulk", new { documentIds = ids[2..4], labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        var document = await victor.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/documents/{ids[2]}");
        Assert.Equal("anna", document.GetProperty("annotations")[0].GetProperty("author").GetString());
    }

    [Fact]
    public async Task A_span_tagging_project_gets_a_map_from_MiniLM_coloured_by_the_entity_types_its_answers_mark_and_refuses_bulk_labels()
    {
        var client = app.ClientFor("ana");
        var created = await client.PostAsJsonAsync("/api/v1/projects", new { name = "People", task = "span-tagging", labels = new[] { new { name = "PER" }, new { name = "LOC" } } });
        created.EnsureSuccessStatusCode();
        var project = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var ids = await app.SeedDocumentsAsync(project, [.. Animals[..4], "Maria Lopez flew to Lisbon.", .. Sport[..4]]);
        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[4],
            spans = new[] { new { start = 0, end = 11, label = "PER" }, new { start = 20, end = 26, label = "LOC" } },
        })).EnsureSuccessStatusCode();

        var map = await WaitForMapAsync(client, project);
        Assert.Equal("minilm", map.GetProperty("encoder").GetString());
        var points = map.GetProperty("points").EnumerateArray().ToDictionary(p => p.GetProperty("documentId").GetInt64());
        Assert.Equal("PER", points[ids[4]].GetProperty("answer").GetString());
        Assert.All(points.Values, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("prediction").ValueKind));
        var groups = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/clusters");
        var counts = groups.GetProperty("clusters").EnumerateArray().SelectMany(g => g.GetProperty("labelCounts").EnumerateObject()).ToList();
        Assert.Equal([("LOC", 1), ("PER", 1)], counts.Select(c => (c.Name, c.Value.GetInt32())).Order());
        await AssertInvalidAsync(await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations/bulk", new { documentIds = new[] { ids[0] }, labels = new[] { "PER" } }), "documentIds", "classification");
    }

    [Fact]
    public async Task Bad_parameters_are_refused_by_name_and_an_unknown_project_is_not_found()
    {
        var client = app.ClientFor("ana");
        var project = await app.CreateProjectAsync();
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/map?pageSize=0"), "pageSize");
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/map?pageSize=20001"), "pageSize");
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/map?page=0"), "page");
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/clusters?k=1"), "k");
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/clusters?k=51"), "k");
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/novelty?limit=0"), "limit");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/projects/999/map")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/projects/999/clusters")).StatusCode);

        // Too few documents: the map says why, in words.
        await app.SeedDocumentsAsync(project, ["Only one document."]);
        var map = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map");
        Assert.Equal("unavailable", map.GetProperty("status").GetString());
        Assert.Contains("at least 3 documents", map.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(map.GetProperty("points").EnumerateArray());

        // k above the documents on the map is refused by name.
        await app.SeedDocumentsAsync(project, ["A second document.", "A third one, about something else.", "And a fourth."]);
        await WaitForMapAsync(client, project);
        await AssertInvalidAsync(await client.GetAsync($"/api/v1/projects/{project}/clusters?k=5"), "k", "4 documents");
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field, string? mentions = null)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        if (mentions is not null)
        {
            Assert.Contains(messages, m => m.Contains(mentions, StringComparison.Ordinal));
        }
    }

    private static async Task<JsonElement> WaitForMapAsync(HttpClient client, int project, int? total = null)
    {
        // Encoding and drawing run in the background: poll (bounded) as the Explore tab does.
        var statuses = new List<string>();
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var map = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/map?pageSize=1000");
            var status = map.GetProperty("status").GetString()!;
            statuses.Add(status);
            if (status == "ready" && (total is null || map.GetProperty("total").GetInt32() == total))
            {
                return map;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The map never became ready: {string.Join(", ", statuses.Distinct())}.");
    }
}
