using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

/// <summary>GET …/agreement over real answers, against figures worked out by hand.</summary>
public class AgreementApiTests : IDisposable
{
    private readonly TagloopApp app;

    public AgreementApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected AgreementApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Agreement_is_computed_over_the_documents_two_people_answered_and_matches_the_hand_worked_figures()
    {
        var id = await app.CreateProjectAsync("Mail");
        var ids = await app.SeedDocumentsAsync(id, ["one", "two", "three", "four", "five"]);
        var ana = app.ClientFor("ana");
        var bo = app.ClientFor("bo");
        string[] anaSays = ["spam", "spam", "ham", "ham", "spam"];
        string[] boSays = ["spam", "ham", "ham", "ham"];
        for (var i = 0; i < anaSays.Length; i++)
        {
            (await ana.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[i], labels = new[] { anaSays[i] } })).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < boSays.Length; i++)
        {
            (await bo.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[i], labels = new[] { boSays[i] } })).EnsureSuccessStatusCode();
        }

        // A skip is no answer.
        (await app.ClientFor("cy").PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = ids[0], skip = true })).EnsureSuccessStatusCode();

        var report = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/agreement");
        Assert.Equal(4, report.GetProperty("documents").GetInt32());
        Assert.Equal(2, report.GetProperty("annotators").GetInt32());

        // Four shared documents, agreeing on three. Cohen: p_o = 0.75, p_e = 0.5·0.25 + 0.5·0.75 = 0.5, κ = 0.5.
        var pair = Assert.Single(report.GetProperty("pairs").EnumerateArray());
        Assert.Equal(("ana", "bo", 4), (pair.GetProperty("first").GetString(), pair.GetProperty("second").GetString(), pair.GetProperty("documents").GetInt32()));
        Assert.Equal(0.75, pair.GetProperty("percentAgreement").GetDouble(), 4);
        Assert.Equal(0.5, pair.GetProperty("cohensKappa").GetProperty("value").GetDouble(), 4);

        // Krippendorff: n = 8 values (3 spam, 5 ham), coincidences on the diagonal 6: α = 1 − 7·2 / (64 − 34) = 0.5333.
        Assert.Equal(0.5333, report.GetProperty("alpha").GetProperty("value").GetDouble(), 4);

        // Fleiss: P̄ = 0.75, P̄e = (3/8)² + (5/8)² = 0.53125, κ = 0.21875 / 0.46875 = 0.4667.
        Assert.Equal(0.4667, report.GetProperty("fleissKappa").GetProperty("value").GetDouble(), 4);
        var alpha = report.GetProperty("alpha");
        Assert.InRange(alpha.GetProperty("value").GetDouble(), alpha.GetProperty("low").GetDouble(), alpha.GetProperty("high").GetDouble());

        // With two labels, "spam or not" is the same split as the whole answer.
        var perLabel = report.GetProperty("perLabel").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => l.GetProperty("alpha").GetProperty("value").GetDouble());
        Assert.Equal(0.5333, perLabel["spam"], 4);
        Assert.Equal(["ana", "bo"], report.GetProperty("perAnnotator").EnumerateArray().Select(a => a.GetProperty("annotator").GetString()));

        // Nobody shares a document yet: figures are null, not an error.
        var empty = await app.CreateProjectAsync("Empty");
        var none = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{empty}/agreement");
        Assert.Equal(0, none.GetProperty("documents").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("alpha").GetProperty("value").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync("/api/v1/projects/999/agreement")).StatusCode);
    }
}
