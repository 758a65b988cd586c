using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Keyword rules suggested from the final labels over HTTP, on a project small enough to count by hand.</summary>
public class RuleSuggestionApiTests : IDisposable
{
    private readonly TagloopApp app;

    public RuleSuggestionApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected RuleSuggestionApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_word_every_labelled_holder_of_which_has_one_label_is_suggested_with_its_precision_and_coverage_until_a_rule_has_it()
    {
        var team = await Team.CreateAsync(app);
        var project = team.ProjectId;
        string[] texts =
        [
            "refund for the broken kettle", "a refund for the lamp", "refund my ticket", "refund of the fee",
            "win a prize now", "win cash today", "claim your prize", "free cash offer", "win win win", "cheap pills",
            "where is my refund", "meeting at noon",
        ];
        var ids = await app.SeedDocumentsAsync(project, texts);
        var anna = team.Client("anna");
        for (var i = 0; i < 10; i++)
        {
            (await anna.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], labels = new[] { i < 4 ? "ham" : "spam" } })).EnsureSuccessStatusCode();
        }

        var rita = team.Client("rita");
        var url = $"/api/v1/projects/{project}/rules/suggestions";
        var response = await rita.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["documents", "labelled", "reason", "suggestions"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal((12, 10, JsonValueKind.Null), (body.GetProperty("documents").GetInt32(), body.GetProperty("labelled").GetInt32(), body.GetProperty("reason").ValueKind));

        // "refund": in 4 labelled documents, all ham, and in 5 of the 12 documents. Ham is 4 of 10 labels, and Wilson's 95%
        // interval for 4 of 4 starts at 1 / (1 + z²/4) = 0.5101, above 0.4. "win" (3 of 3 spam: 0.4385) does not beat spam's 0.6,
        // and no other word is in 3 labelled documents.
        var suggestion = Assert.Single(body.GetProperty("suggestions").EnumerateArray());
        Assert.Equal(["label", "terms", "precision", "precisionLow", "precisionHigh", "support", "correct", "coverage", "hits"], suggestion.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ham", "refund", 1.0, 0.5101, 1.0, 4, 4, 5 / 12.0, 5), (
            suggestion.GetProperty("label").GetString(), suggestion.GetProperty("terms").EnumerateArray().Single().GetString(),
            suggestion.GetProperty("precision").GetDouble(), Math.Round(suggestion.GetProperty("precisionLow").GetDouble(), 4), suggestion.GetProperty("precisionHigh").GetDouble(),
            suggestion.GetProperty("support").GetInt32(), suggestion.GetProperty("correct").GetInt32(), suggestion.GetProperty("coverage").GetDouble(), suggestion.GetProperty("hits").GetInt32()));

        // Once a rule has the word, switched off or not, it is not suggested again.
        (await rita.PostAsJsonAsync($"/api/v1/projects/{project}/rules", new { name = "refunds", label = "ham", kind = "keywords", terms = new[] { "refund*" }, enabled = false })).EnsureSuccessStatusCode();
        var after = await rita.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(0, after.GetProperty("suggestions").GetArrayLength());
        Assert.StartsWith("No word or pair of words stands out yet among the 10 labelled documents", after.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Reviewers and owners ask; annotators and viewers may not.
        Assert.Equal(HttpStatusCode.OK, (await team.Client("olivia").GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anna.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("victor").GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_count_per_label_is_bounded_and_a_project_without_enough_labels_or_with_several_per_document_gets_a_reason()
    {
        var project = await app.CreateProjectAsync("Rules");
        var client = app.ClientFor("ana");
        var url = $"/api/v1/projects/{project}/rules/suggestions";
        foreach (var bad in new[] { 0, 51 })
        {
            var response = await client.GetAsync($"{url}?maxPerClass={bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single();
            Assert.Equal(("maxPerClass", $"maxPerClass must be between 1 and 50; got {bad}."), (error.Name, error.Value[0].GetString()));
        }

        var none = await client.GetFromJsonAsync<JsonElement>($"{url}?maxPerClass=50");
        Assert.Equal((0, "Suggestions need at least 3 documents with a final label; there are 0.", 0),
            (none.GetProperty("labelled").GetInt32(), none.GetProperty("reason").GetString(), none.GetProperty("suggestions").GetArrayLength()));

        var multi = await app.CreateProjectAsync("Topics", multiLabel: true, "sport", "money");
        var ids = await app.SeedDocumentsAsync(multi, ["refund the match ticket", "refund the fee", "refund again"]);
        foreach (var id in ids)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{multi}/annotations", new { documentId = id, labels = new[] { "money" } })).EnsureSuccessStatusCode();
        }

        var topics = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{multi}/rules/suggestions");
        Assert.Equal((3, 0), (topics.GetProperty("documents").GetInt32(), topics.GetProperty("suggestions").GetArrayLength()));
        Assert.StartsWith("Suggestions are made for single-label projects only", topics.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{project + 100}/rules/suggestions")).StatusCode);
    }
}
