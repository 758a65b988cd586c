using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Labelling rules over HTTP: written, read, changed with versions, deleted, refused with reasons, and who may do what.</summary>
public class RuleApiTests : IDisposable
{
    private readonly TagloopApp app;

    public RuleApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected RuleApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Reviewers_write_rules_everyone_in_the_project_reads_them_and_each_change_is_a_version()
    {
        var team = await Team.CreateAsync(app);
        var rules = $"/api/v1/projects/{team.ProjectId}/rules";
        var rita = team.Client("rita");

        var created = await rita.PostAsJsonAsync(rules, new { name = "refund words", label = "spam", kind = "keywords", terms = new[] { "refund*", "money back" }, match = "all" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = rule.GetProperty("id").GetInt32();
        Assert.Equal($"{rules}/{id}", created.Headers.Location?.ToString());
        Assert.Equal(("refund words", "spam", "keywords", "all", false, true, 1, "rita", "rita"), (
            rule.GetProperty("name").GetString(), rule.GetProperty("label").GetString(), rule.GetProperty("kind").GetString(), rule.GetProperty("match").GetString(),
            rule.GetProperty("caseSensitive").GetBoolean(), rule.GetProperty("enabled").GetBoolean(), rule.GetProperty("version").GetInt32(),
            rule.GetProperty("createdBy").GetString(), rule.GetProperty("updatedBy").GetString()));
        Assert.Equal(["refund*", "money back"], rule.GetProperty("terms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, 0, 0), (rule.GetProperty("pattern").ValueKind, rule.GetProperty("threshold").ValueKind,
            rule.GetProperty("examples").GetArrayLength(), rule.GetProperty("exampleDocumentIds").GetArrayLength()));
        foreach (var field in new[] { "metaField", "metaValue", "note", "createdAt", "updatedAt" })
        {
            Assert.True(rule.TryGetProperty(field, out _), field);
        }

        // Annotators and viewers read; they may not write.
        foreach (var reader in new[] { "anna", "victor" })
        {
            var listed = await team.Client(reader).GetFromJsonAsync<JsonElement>(rules);
            Assert.Equal(id, listed.GetProperty("rules").EnumerateArray().Single().GetProperty("id").GetInt32());
            Assert.Equal(HttpStatusCode.Forbidden, (await team.Client(reader).PostAsJsonAsync(rules, new { name = "x", label = "spam", kind = "keywords", terms = new[] { "x" } })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await team.Client(reader).PatchAsJsonAsync($"{rules}/{id}", new { enabled = false })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync(rules)).StatusCode);

        // The owner switches it off, naming the version read; the reviewer, still at version 1, is told it changed.
        var off = await team.Client("olivia").PatchAsJsonAsync($"{rules}/{id}", new { enabled = false, note = "too many false hits", version = 1 });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var offRule = await off.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((false, "too many false hits", 2, "olivia", "rita"), (offRule.GetProperty("enabled").GetBoolean(), offRule.GetProperty("note").GetString(),
            offRule.GetProperty("version").GetInt32(), offRule.GetProperty("updatedBy").GetString(), offRule.GetProperty("createdBy").GetString()));
        var stale = await rita.PatchAsJsonAsync($"{rules}/{id}", new { terms = new[] { "refund" }, version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Rule 'refund words' is at version 2, not 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Without a version the change applies to whatever is current.
        var on = await (await rita.PatchAsJsonAsync($"{rules}/{id}", new { enabled = true, terms = new[] { "refund" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, JsonValueKind.Null, 3), (on.GetProperty("enabled").GetBoolean(), on.GetProperty("note").ValueKind, on.GetProperty("version").GetInt32()));

        var versions = await team.Client("victor").GetFromJsonAsync<JsonElement>($"{rules}/{id}/versions");
        var list = versions.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], list.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["rita", "olivia", "rita"], list.Select(v => v.GetProperty("author").GetString()));
        Assert.Equal("Switched off. Changed note.", list[1].GetProperty("summary").GetString());
        Assert.Equal((false, "keywords", "spam"), (list[1].GetProperty("rule").GetProperty("enabled").GetBoolean(),
            list[1].GetProperty("rule").GetProperty("kind").GetString(), list[1].GetProperty("rule").GetProperty("label").GetString()));
        Assert.Equal(["refund*", "money back"], list[2].GetProperty("rule").GetProperty("terms").EnumerateArray().Select(t => t.GetString()));

        // Deleted: gone with its history; a second delete is a 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("anna").DeleteAsync($"{rules}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await rita.DeleteAsync($"{rules}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rita.DeleteAsync($"{rules}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rita.GetAsync($"{rules}/{id}/versions")).StatusCode);
        Assert.Equal(0, (await rita.GetFromJsonAsync<JsonElement>(rules)).GetProperty("rules").GetArrayLength());

        var audit = await team.Client("root").GetFromJsonAsync<JsonElement>("/api/v1/audit?pageSize=100");
        var actions = audit.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("rule-", StringComparison.Ordinal)).Reverse();
        Assert.Equal(["rule-added", "rule-changed", "rule-changed", "rule-deleted"], actions);
    }

    [Fact]
    public async Task Bad_rules_are_refused_with_problems_naming_field_and_value()
    {
        var project = await app.CreateProjectAsync("Rules");
        var client = app.ClientFor("ana");
        var rules = $"/api/v1/projects/{project}/rules";
        async Task<(string Field, string Message)> ProblemAsync(object body)
        {
            var response = await client.PostAsJsonAsync(rules, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single();
            return (error.Name, error.Value[0].GetString()!);
        }

        var (field, message) = await ProblemAsync(new { name = "amounts", label = "spam", kind = "regex", pattern = "[0-9" });
        Assert.Equal("pattern", field);
        Assert.StartsWith("The pattern '[0-9' is not a valid .NET regular expression: ", message, StringComparison.Ordinal);
        Assert.Equal(("kind", "'rules' is not a kind of rule; use keywords, regex, similar, label-description, metadata."),
            await ProblemAsync(new { name = "x", label = "spam", kind = "rules" }));
        Assert.Equal(("label", "The project has no label 'eggs'; its labels are 'spam', 'ham'."),
            await ProblemAsync(new { name = "x", label = "eggs", kind = "keywords", terms = new[] { "x" } }));
        Assert.Equal(("threshold", "The threshold 2 is out of range: give a cosine similarity above 0 and at most 1, e.g. 0.6."),
            await ProblemAsync(new { name = "x", label = "spam", kind = "similar", examples = new[] { "win" }, threshold = 2 }));
        Assert.Equal("exampleDocumentIds", (await ProblemAsync(new { name = "x", label = "spam", kind = "similar", exampleDocumentIds = new[] { 424242 } })).Field);
        Assert.Equal("terms[0]", (await ProblemAsync(new { name = "x", label = "spam", kind = "keywords", terms = new[] { "" } })).Field);

        // A body that does not bind names its field; an unknown rule or project is a 404.
        var unbound = await client.PostAsync(rules, new StringContent("""{"name": "x", "terms": "refund"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unbound.StatusCode);
        Assert.Contains("terms", await unbound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"{rules}/999", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{project + 100}/rules")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(rules)).GetProperty("rules").GetArrayLength());

        // Without accounts the author is the annotator the request names.
        var made = await (await client.PostAsJsonAsync(rules, new { name = "by example", label = "ham", kind = "similar", examples = new[] { "lunch at noon" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("ana", 0.5), (made.GetProperty("createdBy").GetString(), made.GetProperty("threshold").GetDouble()));
        var patched = await client.PatchAsJsonAsync($"{rules}/{made.GetProperty("id").GetInt32()}", new { kind = "metadata" });
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        Assert.Equal(["metaField", "metaValue"], (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_rule_follows_its_label_through_a_merge_and_is_switched_off_by_a_split()
    {
        var project = await app.CreateProjectAsync("Support", false, "refund", "billing", "other");
        var client = app.ClientFor("ana");
        var rules = $"/api/v1/projects/{project}/rules";
        var labels = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/labels")).EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("id").GetInt32());
        (await client.PostAsJsonAsync(rules, new { name = "money back", label = "refund", kind = "keywords", terms = new[] { "refund" } })).EnsureSuccessStatusCode();

        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/labels/{labels["refund"]}/merge", new { into = labels["billing"] })).EnsureSuccessStatusCode();
        var rule = (await client.GetFromJsonAsync<JsonElement>(rules)).GetProperty("rules")[0];
        Assert.Equal(("billing", true, 2), (rule.GetProperty("label").GetString(), rule.GetProperty("enabled").GetBoolean(), rule.GetProperty("version").GetInt32()));

        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/labels/{labels["billing"]}/split", new { into = new[] { new { name = "refunds" }, new { name = "invoices" } } })).EnsureSuccessStatusCode();
        rule = (await client.GetFromJsonAsync<JsonElement>(rules)).GetProperty("rules")[0];
        Assert.Equal(("billing", false, 3), (rule.GetProperty("label").GetString(), rule.GetProperty("enabled").GetBoolean(), rule.GetProperty("version").GetInt32()));
        Assert.Equal("Label 'billing' was split into 'refunds', 'invoices': choose one and switch the rule back on.", rule.GetProperty("note").GetString());
    }
}
