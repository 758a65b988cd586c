using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Server.Tests.Accounts;

namespace Tagloop.Server.Tests;

public sealed class LabelDifficultyApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task After_answers_through_the_api_each_label_has_its_curve_partner_and_note_and_the_task_a_verdict()
    {
        var project = await app.CreateProjectAsync("Letters", false, "invoice", "meeting", "rental", "lease");
        // Two labels anyone can tell apart, and two given to the same kind of letter: the words cannot separate them.
        var invoice = Enumerable.Range(0, 10).Select(i => $"invoice number {i} payment due for the amount owed");
        var meeting = Enumerable.Range(0, 10).Select(i => $"minutes of the board meeting and agenda item {i}");
        var letting = Enumerable.Range(0, 24).Select(i => $"the flat on street {i} is let for a monthly rent");
        var ids = await app.SeedDocumentsAsync(project, invoice.Concat(meeting).Concat(letting));
        var client = app.ClientFor("ana");

        var empty = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/labels");
        Assert.Equal(0, empty.GetProperty("evaluatedLabels").GetInt32());
        Assert.Equal(0, empty.GetProperty("labels").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("feasibility").ValueKind);

        // 10 invoices, 10 minutes, 14 letters "rental" and 10 "lease", interleaved as a team would answer.
        var answers = Enumerable.Range(0, ids.Length).Select(i => (ids[i], i < 10 ? "invoice" : i < 20 ? "meeting" : i < 34 ? "rental" : "lease"))
            .OrderBy(a => a.Item1 % 7).ThenBy(a => a.Item1).ToList();
        foreach (var (id, label) in answers)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        var report = await WaitForEvaluationAsync(client, project, 44);

        var labels = report.GetProperty("labels").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!);
        Assert.Equal(["invoice", "meeting", "rental", "lease"], labels.Keys);
        Assert.Equal([10, 10, 14, 10], labels.Values.Select(l => l.GetProperty("support").GetInt32()));
        foreach (var clear in new[] { "invoice", "meeting" })
        {
            Assert.InRange(labels[clear].GetProperty("f1").GetDouble(), 0.9, 1);
            Assert.Equal(JsonValueKind.Null, labels[clear].GetProperty("note").ValueKind);
        }

        // "lease" is lost to the larger "rental": offered for merging into it, on both labels.
        var lease = labels["lease"];
        Assert.Equal("rental", lease.GetProperty("confusedWith").GetProperty("label").GetString());
        Assert.InRange(lease.GetProperty("confusedWith").GetProperty("share").GetDouble(), 0.4, 1);
        foreach (var pair in new[] { lease, labels["rental"] })
        {
            var note = pair.GetProperty("note");
            Assert.Equal("consider-merging", note.GetProperty("kind").GetString());
            Assert.Equal("lease", note.GetProperty("merge").GetString());
            Assert.Equal("rental", note.GetProperty("into").GetString());
        }

        // Each label's curve runs through the evaluated trainings up to the last, its F1 there the one reported.
        var curve = labels["invoice"].GetProperty("curve").EnumerateArray().ToList();
        Assert.Equal(44, curve[^1].GetProperty("labels").GetInt32());
        Assert.Equal(labels["invoice"].GetProperty("f1").GetDouble(), curve[^1].GetProperty("f1").GetDouble(), 12);
        Assert.Equal(curve.Select(p => p.GetProperty("labels").GetInt32()).Order(), curve.Select(p => p.GetProperty("labels").GetInt32()));
        Assert.All(curve, p => Assert.InRange(p.GetProperty("labels").GetInt32(), 10, 44));

        // Guessing "rental" every time is right 14 times in 44; the model, at best 34.
        var feasibility = report.GetProperty("feasibility");
        Assert.Equal("learnable", feasibility.GetProperty("verdict").GetString());
        Assert.Equal(14.0 / 44, feasibility.GetProperty("baseline").GetDouble(), 12);
        Assert.InRange(feasibility.GetProperty("accuracy").GetDouble(), 0.6, 34.0 / 44 + 1e-9);
        Assert.Contains("32% →", feasibility.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("lease", feasibility.GetProperty("holdingBack").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("Random", feasibility.GetProperty("caveat").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/projects/999/model/labels")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_reads_the_labels_difficulty_and_someone_outside_the_project_is_refused()
    {
        var team = await Team.CreateAsync(app);

        Assert.Equal(HttpStatusCode.OK, (await team.Client("victor").GetAsync($"/api/v1/projects/{team.ProjectId}/model/labels")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await team.Client("nora").GetAsync($"/api/v1/projects/{team.ProjectId}/model/labels")).StatusCode);
    }

    private static async Task<JsonElement> WaitForEvaluationAsync(HttpClient client, int project, int labels)
    {
        // Training and cross-validation run in the background; poll (bounded) until the evaluation covers every answer.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/labels");
            if (report.GetProperty("evaluatedLabels").GetInt32() == labels)
            {
                return report;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No evaluation over {labels} labels within 60 s.");
    }
}
