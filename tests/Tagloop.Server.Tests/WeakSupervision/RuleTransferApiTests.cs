using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core;
using Tagloop.Server.Tests.Accounts;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Rules taken out of one project as a package and brought into another over HTTP: the download, the import's result, refusals that write nothing, and roles.</summary>
public class RuleTransferApiTests : IDisposable
{
    /// <summary>What a rule is apart from its project: the fields compared between the exporting and the importing project.</summary>
    private static readonly string[] Definition = ["name", "label", "kind", "terms", "match", "caseSensitive", "pattern", "examples", "threshold", "metaField", "metaValue", "enabled", "note"];

    private readonly TagloopApp app;

    public RuleTransferApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected RuleTransferApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Rules_exported_from_one_project_come_into_another_equal_apart_from_ids_with_examples_as_texts()
    {
        var team = await Team.CreateAsync(app);
        var source = team.ProjectId;
        var ids = await app.SeedDocumentsAsync(source, ["verify your account now", "lunch at noon"]);
        var rita = team.Client("rita");
        var rules = $"/api/v1/projects/{source}/rules";
        foreach (object rule in new object[]
        {
            new { name = "prizes", label = "spam", kind = "keywords", terms = new[] { "Win*", "free cruise" }, match = "all", caseSensitive = true },
            new { name = "amounts", label = "spam", kind = "regex", pattern = @"\$\d+", enabled = false, note = "too broad" },
            new { name = "like phishing", label = "spam", kind = "similar", examples = new[] { "confirm your password" }, exampleDocumentIds = new[] { ids[0] }, threshold = 0.7 },
            new { name = "desk", label = "ham", kind = "metadata", metaField = "folder", metaValue = "work" },
        })
        {
            (await rita.PostAsJsonAsync(rules, rule)).EnsureSuccessStatusCode();
        }

        // Reviewers export; the download is named after the project and holds every rule, labels by name, examples as texts.
        var response = await rita.GetAsync($"{rules}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("attachment", $"project-{source}-rules.json"), (response.Content.Headers.ContentDisposition?.DispositionType, response.Content.Headers.ContentDisposition?.FileName?.Trim('"')));
        var text = await response.Content.ReadAsStringAsync();
        var package = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, package.GetProperty("format").GetInt32());
        var exported = package.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(["prizes", "amounts", "like phishing", "desk"], exported.Select(r => r.GetProperty("name").GetString()));
        Assert.All(exported, r => Assert.Equal((JsonValueKind.Null, 0), (r.GetProperty("labelId").ValueKind, r.GetProperty("exampleDocumentIds").GetArrayLength())));
        Assert.Equal(["confirm your password", "verify your account now"], exported[2].GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        foreach (var reader in new[] { "anna", "victor" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await team.Client(reader).GetAsync($"{rules}/export")).StatusCode);
        }

        // Only owners import; the target project has the same label names.
        var target = await team.CreateProjectAsync("Other mail");
        var into = $"/api/v1/projects/{target}/rules";
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PostAsync($"{into}/import", Json(text))).StatusCode);
        var imported = await team.Client("olivia").PostAsync($"{into}/import", Json(text));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4, 0), (result.GetProperty("added").GetInt32(), result.GetProperty("switchedOff").GetArrayLength()));

        var before = (await rita.GetFromJsonAsync<JsonElement>(rules)).GetProperty("rules").EnumerateArray().ToList();
        var after = (await rita.GetFromJsonAsync<JsonElement>(into)).GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(before.Select(Shape).Select(s => s.Replace("\"examples\":[\"confirm your password\"]", "\"examples\":[\"confirm your password\",\"verify your account now\"]", StringComparison.Ordinal)), after.Select(Shape));
        Assert.All(after, r => Assert.Equal((1, "olivia", 0), (r.GetProperty("version").GetInt32(), r.GetProperty("createdBy").GetString(), r.GetProperty("exampleDocumentIds").GetArrayLength())));
        Assert.Empty(before.Select(r => r.GetProperty("id").GetInt32()).Intersect(after.Select(r => r.GetProperty("id").GetInt32())));

        // Each imported rule is in the audit trail.
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
        var audited = await db.AuditEvents.Where(e => e.ProjectId == target && e.Action == "rule-added").Select(e => e.Detail).ToListAsync();
        Assert.Equal(4, audited.Count);
        Assert.All(audited, d => Assert.EndsWith(", imported", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rule_whose_label_the_project_lacks_comes_in_switched_off_with_the_reason()
    {
        var team = await Team.CreateAsync(app);
        var package = new
        {
            format = 1,
            rules = new object[]
            {
                new { name = "phish words", label = "Phishing", kind = "keywords", terms = new[] { "password" } },
                new { name = "lunch", label = "HAM", kind = "keywords", terms = new[] { "lunch" } },
            },
        };
        var response = await team.Client("olivia").PostAsJsonAsync($"/api/v1/projects/{team.ProjectId}/rules/import", package);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("added").GetInt32());
        var off = result.GetProperty("switchedOff").EnumerateArray().Single();
        const string Reason = "The label 'Phishing' is not among this project's labels: choose one and switch the rule back on.";
        Assert.Equal(("phish words", "Phishing", Reason), (off.GetProperty("name").GetString(), off.GetProperty("label").GetString(), off.GetProperty("reason").GetString()));

        var rules = (await team.Client("rita").GetFromJsonAsync<JsonElement>($"/api/v1/projects/{team.ProjectId}/rules")).GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal([(false, Reason, "Phishing"), (true, null, "ham")], rules.Select(r => (r.GetProperty("enabled").GetBoolean(), r.GetProperty("note").GetString(), r.GetProperty("label").GetString())));
    }

    [Fact]
    public async Task A_malformed_package_is_refused_naming_each_rule_and_field_and_nothing_is_written()
    {
        var team = await Team.CreateAsync(app);
        var project = team.ProjectId;
        var olivia = team.Client("olivia");
        var import = $"/api/v1/projects/{project}/rules/import";
        (await olivia.PostAsJsonAsync($"/api/v1/projects/{project}/rules", new { name = "prizes", label = "spam", kind = "keywords", terms = new[] { "win" } })).EnsureSuccessStatusCode();
        var package = new
        {
            format = 1,
            rules = new object[]
            {
                new { name = "fine", label = "ham", kind = "keywords", terms = new[] { "lunch" } },
                new { name = "odd", label = "spam", kind = "grammar" },
                new { name = "no words", label = "spam", kind = "keywords", terms = Array.Empty<string>() },
                new { name = "broken", label = "spam", kind = "regex", pattern = "(unclosed" },
                new { name = "PRIZES", label = "spam", kind = "keywords", terms = new[] { "cruise" } },
                new { name = "fine", label = "spam", kind = "keywords", terms = new[] { "lottery" } },
            },
        };
        var response = await olivia.PostAsJsonAsync(import, package);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
        Assert.Equal(["rules[1].kind", "rules[2].terms", "rules[3].pattern", "rules[4].name", "rules[5].name"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'grammar' is not a kind of rule; use keywords, regex, similar, label-description, metadata.", errors["rules[1].kind"]);
        Assert.StartsWith("The pattern '(unclosed' is not a valid .NET regular expression: ", errors["rules[3].pattern"], StringComparison.Ordinal);
        Assert.Equal("The project already has a rule named 'prizes'; choose another name.", errors["rules[4].name"]);
        Assert.Equal("The project already has a rule named 'fine'; choose another name.", errors["rules[5].name"]);

        // A body that does not bind (a rule without a name, terms not an array, not JSON) names what is wrong; a newer format is refused.
        var unnamed = await olivia.PostAsync(import, Json("""{"format": 1, "rules": [{"label": "spam", "kind": "keywords", "terms": ["x"]}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("name", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var terms = await olivia.PostAsync(import, Json("""{"format": 1, "rules": [{"name": "x", "label": "spam", "kind": "keywords", "terms": "x"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, terms.StatusCode);
        Assert.Contains("terms", await terms.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await olivia.PostAsync(import, Json("{\"format\": 1, \"rules\": ["))).StatusCode);
        var future = await olivia.PostAsJsonAsync(import, new { format = 2, rules = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal("format", (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Equal(HttpStatusCode.NotFound, (await team.Client("root").PostAsJsonAsync($"/api/v1/projects/{project + 100}/rules/import", new { format = 1, rules = Array.Empty<object>() })).StatusCode);

        var rules = (await olivia.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/rules")).GetProperty("rules");
        Assert.Equal(["prizes"], rules.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    private static StringContent Json(string text) => new(text, System.Text.Encoding.UTF8, "application/json");

    private static string Shape(JsonElement rule) =>
        "{" + string.Join(",", Definition.Select(f => $"\"{f}\":{rule.GetProperty(f).GetRawText()}")) + "}";
}
