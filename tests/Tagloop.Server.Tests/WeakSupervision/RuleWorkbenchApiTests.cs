using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Rules tried out over HTTP: a draft's preview, every rule's analysis and a rule's hits, in the shapes the web UI reads, with paging, refusals and roles.</summary>
public class RuleWorkbenchApiTests : IDisposable
{
    private readonly TagloopApp app;

    public RuleWorkbenchApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected RuleWorkbenchApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Reviewers_preview_drafts_and_everyone_in_the_project_reads_the_analysis_and_hits_in_the_contract_shapes()
    {
        var team = await Team.CreateAsync(app);
        var project = team.ProjectId;
        var rules = $"/api/v1/projects/{project}/rules";
        var longText = "refund " + new string('x', 400);
        string[] texts = [.. Enumerable.Range(0, 23).Select(i => $"please refund order {i}"), longText, "win a prize", "meeting at noon"];
        var ids = await app.SeedDocumentsAsync(project, texts);
        var anna = team.Client("anna");
        var rita = team.Client("rita");
        var victor = team.Client("victor");
        foreach (var (document, label) in new[] { (ids[0], "spam"), (ids[1], "ham"), (ids[24], "spam") })
        {
            (await anna.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = document, labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        var refunds = await (await rita.PostAsJsonAsync(rules, new { name = "refunds", label = "ham", kind = "keywords", terms = new[] { "refund" } })).Content.ReadFromJsonAsync<JsonElement>();
        (await rita.PostAsJsonAsync(rules, new { name = "prizes", label = "spam", kind = "keywords", terms = new[] { "prize" } })).EnsureSuccessStatusCode();
        (await rita.PostAsJsonAsync(rules, new { name = "orders", label = "spam", kind = "keywords", terms = new[] { "order" }, enabled = false })).EnsureSuccessStatusCode();

        // A draft voting spam on the 24 refund documents: answered twice (spam, ham), and the switched-on refunds rule votes ham on every one.
        var draft = new { label = "spam", kind = "keywords", terms = new[] { "refund" } };
        var response = await rita.PostAsJsonAsync($"{rules}/preview", draft);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["documents", "hits", "coverage", "answered", "correct", "accuracy", "accuracyLow", "accuracyHigh", "overlaps", "conflicts", "error", "page", "pageSize", "hitsPage"], Names(preview));
        Assert.Equal((26, 24, 24 / 26.0, 2, 1, 0.5, 1.0, 1.0, JsonValueKind.Null, 1, 20), (
            preview.GetProperty("documents").GetInt32(), preview.GetProperty("hits").GetInt32(), preview.GetProperty("coverage").GetDouble(),
            preview.GetProperty("answered").GetInt32(), preview.GetProperty("correct").GetInt32(), preview.GetProperty("accuracy").GetDouble(),
            preview.GetProperty("overlaps").GetDouble(), preview.GetProperty("conflicts").GetDouble(), preview.GetProperty("error").ValueKind,
            preview.GetProperty("page").GetInt32(), preview.GetProperty("pageSize").GetInt32()));

        // Wilson's 95% interval for 1 of 2: 0.0945–0.9055.
        Assert.Equal((0.0945, 0.9055), (Math.Round(preview.GetProperty("accuracyLow").GetDouble(), 4), Math.Round(preview.GetProperty("accuracyHigh").GetDouble(), 4)));
        var first = preview.GetProperty("hitsPage").EnumerateArray().ToList();
        Assert.Equal(ids[..20], first.Select(h => h.GetProperty("documentId").GetInt64()));
        Assert.Equal(["documentId", "text", "answer"], Names(first[0]));
        Assert.Equal(("please refund order 0", "spam"), (first[0].GetProperty("text").GetString(), first[0].GetProperty("answer").GetString()));
        Assert.Equal(("ham", JsonValueKind.Null), (first[1].GetProperty("answer").GetString(), first[2].GetProperty("answer").ValueKind));

        // The second page of 20 holds the last four, the long text cut to 300 characters; past the end, nothing.
        var second = await (await rita.PostAsJsonAsync($"{rules}/preview?page=2", draft)).Content.ReadFromJsonAsync<JsonElement>();
        var rest = second.GetProperty("hitsPage").EnumerateArray().ToList();
        Assert.Equal(ids[20..24], rest.Select(h => h.GetProperty("documentId").GetInt64()));
        Assert.Equal(longText[..300], rest[3].GetProperty("text").GetString());
        var beyond = await (await rita.PostAsJsonAsync($"{rules}/preview?page=3&pageSize=20", draft)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((24, 0), (beyond.GetProperty("hits").GetInt32(), beyond.GetProperty("hitsPage").GetArrayLength()));

        // Previewing an edit of the refunds rule itself: its own votes are no overlap.
        var edit = await (await rita.PostAsJsonAsync($"{rules}/preview?ruleId={refunds.GetProperty("id").GetInt32()}", draft)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0.0, 0.0), (edit.GetProperty("overlaps").GetDouble(), edit.GetProperty("conflicts").GetDouble()));

        // The analysis, read by a viewer: the switched-off orders rule is measured but counts in neither totals nor the label model.
        var analysis = await victor.GetFromJsonAsync<JsonElement>($"{rules}/analysis");
        Assert.Equal(["documents", "answered", "totals", "labelModel", "rules"], Names(analysis));
        Assert.Equal((26, 3), (analysis.GetProperty("documents").GetInt32(), analysis.GetProperty("answered").GetInt32()));
        var totals = analysis.GetProperty("totals");
        Assert.Equal(["coverage", "overlap", "conflict"], Names(totals));
        Assert.Equal((25 / 26.0, 0.0, 0.0), (totals.GetProperty("coverage").GetDouble(), totals.GetProperty("overlap").GetDouble(), totals.GetProperty("conflict").GetDouble()));
        var model = analysis.GetProperty("labelModel");
        Assert.Equal(["name", "choice", "coverage", "accuracy"], Names(model));
        Assert.Equal(25 / 26.0, model.GetProperty("coverage").GetDouble());
        Assert.Contains("3 answered documents with a vote", model.GetProperty("choice").GetString(), StringComparison.Ordinal);
        var listed = analysis.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(["refunds", "prizes", "orders"], listed.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["id", "name", "label", "enabled", "polarity", "hits", "coverage", "overlaps", "conflicts", "answered", "correct", "accuracy", "accuracyLow", "accuracyHigh", "error"], Names(listed[0]));
        Assert.Equal(("ham", true, 24, 2, 1, 0.0), (listed[0].GetProperty("label").GetString(), listed[0].GetProperty("enabled").GetBoolean(),
            listed[0].GetProperty("hits").GetInt32(), listed[0].GetProperty("answered").GetInt32(), listed[0].GetProperty("correct").GetInt32(), listed[0].GetProperty("overlaps").GetDouble()));
        Assert.Equal(["ham"], listed[0].GetProperty("polarity").EnumerateArray().Select(p => p.GetString()));

        // orders (off, spam) votes on the 23 short refund documents, each also voted ham by refunds.
        Assert.Equal((false, 23, 1.0, 1.0, 2, 1), (listed[2].GetProperty("enabled").GetBoolean(), listed[2].GetProperty("hits").GetInt32(),
            listed[2].GetProperty("overlaps").GetDouble(), listed[2].GetProperty("conflicts").GetDouble(), listed[2].GetProperty("answered").GetInt32(), listed[2].GetProperty("correct").GetInt32()));

        // Hits of a saved rule, paged.
        var refundsId = refunds.GetProperty("id").GetInt32();
        var hits = await victor.GetFromJsonAsync<JsonElement>($"{rules}/{refundsId}/hits?page=2&pageSize=10");
        Assert.Equal(["total", "page", "pageSize", "hitsPage"], Names(hits));
        Assert.Equal((24, 2, 10), (hits.GetProperty("total").GetInt32(), hits.GetProperty("page").GetInt32(), hits.GetProperty("pageSize").GetInt32()));
        Assert.Equal(ids[10..20], hits.GetProperty("hitsPage").EnumerateArray().Select(h => h.GetProperty("documentId").GetInt64()));

        // Who may: reviewers and up preview; viewers and up read; outsiders and the signed-out may not.
        foreach (var refused in new[] { "anna", "victor", "nora" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await team.Client(refused).PostAsJsonAsync($"{rules}/preview", draft)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await team.Client("olivia").PostAsJsonAsync($"{rules}/preview", draft)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync($"{rules}/analysis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync($"{rules}/analysis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync($"{rules}/{refundsId}/hits")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await team.Client("anonymous").GetAsync($"{rules}/analysis")).StatusCode);
    }

    [Fact]
    public async Task A_bad_draft_or_page_is_a_400_naming_the_field_and_a_runaway_pattern_an_error_in_the_answer()
    {
        var project = await app.CreateProjectAsync("Rules");
        var ids = await app.SeedDocumentsAsync(project, ["a short note", new string('a', 40) + "!", "another note"]);
        var client = app.ClientFor("ana");
        var rules = $"/api/v1/projects/{project}/rules";
        async Task<(string Field, string Message)> ProblemAsync(string path, object body)
        {
            var response = await client.PostAsJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single();
            return (error.Name, error.Value[0].GetString()!);
        }

        var (field, message) = await ProblemAsync($"{rules}/preview", new { label = "spam", kind = "regex", pattern = "[0-9" });
        Assert.Equal("pattern", field);
        Assert.StartsWith("The pattern '[0-9' is not a valid .NET regular expression: ", message, StringComparison.Ordinal);
        Assert.Equal("label", (await ProblemAsync($"{rules}/preview", new { label = "eggs", kind = "keywords", terms = new[] { "x" } })).Field);
        var keywords = new { label = "spam", kind = "keywords", terms = new[] { "note" } };
        Assert.Equal(("pageSize", "pageSize must be between 1 and 100; got 101."), await ProblemAsync($"{rules}/preview?pageSize=101", keywords));
        Assert.Equal("page", (await ProblemAsync($"{rules}/preview?page=0", keywords)).Field);
        var ok = await (await client.PostAsJsonAsync($"{rules}/preview?pageSize=100", keywords)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([ids[0], ids[2]], ok.GetProperty("hitsPage").EnumerateArray().Select(h => h.GetProperty("documentId").GetInt64()));

        // Nested repetition over 40 letters that cannot match: stopped on that document and said so, not a 500.
        var runaway = await client.PostAsJsonAsync($"{rules}/preview", new { label = "spam", kind = "regex", pattern = "(?=a)(a+)+b" });
        Assert.Equal(HttpStatusCode.OK, runaway.StatusCode);
        var stopped = await runaway.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, stopped.GetProperty("hits").GetInt32());
        Assert.Contains($"on document {ids[1]} and was stopped", stopped.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Saved, the runaway rule's entry in the analysis carries the same error; a rule or project that does not exist is a 404.
        var saved = await (await client.PostAsJsonAsync(rules, new { name = "runaway", label = "spam", kind = "regex", pattern = "(?=a)(a+)+b" })).Content.ReadFromJsonAsync<JsonElement>();
        var analysis = await client.GetFromJsonAsync<JsonElement>($"{rules}/analysis");
        var entry = analysis.GetProperty("rules").EnumerateArray().Single();
        Assert.Equal(stopped.GetProperty("error").GetString(), entry.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("accuracy").ValueKind);
        var hits = await client.GetFromJsonAsync<JsonElement>($"{rules}/{saved.GetProperty("id").GetInt32()}/hits");
        Assert.Equal((0, 0), (hits.GetProperty("total").GetInt32(), hits.GetProperty("hitsPage").GetArrayLength()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{rules}/{saved.GetProperty("id").GetInt32()}/hits?pageSize=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{rules}/999999/hits")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{project + 100}/rules/analysis")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/projects/{project + 100}/rules/preview", keywords)).StatusCode);
    }

    [Fact]
    public async Task Documents_imported_after_a_preview_are_in_the_next()
    {
        var project = await app.CreateProjectAsync("Growing");
        await app.SeedDocumentsAsync(project, ["refund please", "hello"]);
        var client = app.ClientFor("ana");
        var draft = new { label = "spam", kind = "keywords", terms = new[] { "refund" } };
        var before = await (await client.PostAsJsonAsync($"/api/v1/projects/{project}/rules/preview", draft)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1), (before.GetProperty("documents").GetInt32(), before.GetProperty("hits").GetInt32()));

        var more = await app.SeedDocumentsAsync(project, ["another refund"]);
        var after = await (await client.PostAsJsonAsync($"/api/v1/projects/{project}/rules/preview", draft)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 2), (after.GetProperty("documents").GetInt32(), after.GetProperty("hits").GetInt32()));
        Assert.Equal(more[0], after.GetProperty("hitsPage")[1].GetProperty("documentId").GetInt64());
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
