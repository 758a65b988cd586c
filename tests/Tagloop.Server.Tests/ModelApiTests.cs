using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Server.Tests;

public sealed class ModelApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Labels_posted_over_the_api_train_a_model_that_ranks_the_queue_and_predicts()
    {
        var project = await app.CreateProjectAsync();
        var spam = Enumerable.Range(0, 30).Select(i => $"win a free prize now, claim your cash reward {i}").ToList();
        var ham = Enumerable.Range(0, 30).Select(i => $"minutes of the project meeting and the agenda for item {i}").ToList();
        var ids = await app.SeedDocumentsAsync(project, spam.Concat(ham));
        var client = app.ClientFor("ana");

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
        Assert.Equal(0, before.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "x" } })).StatusCode);
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(JsonValueKind.Null, first.GetProperty("prediction").ValueKind);

        foreach (var (id, label) in new[] { (ids[0], "spam"), (ids[1], "spam"), (ids[30], "ham"), (ids[31], "ham") })
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = id, labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        var model = await WaitForModelAsync(client, project, labels: 4);
        Assert.Equal(["spam", "ham"], model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        var predicted = await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "claim your free cash prize", "agenda of the meeting" } });
        var predictions = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal("spam", predictions[0].GetProperty("label").GetString());
        Assert.Equal("ham", predictions[1].GetProperty("label").GetString());
        Assert.True(predictions[0].GetProperty("probabilities").GetProperty("spam").GetDouble() > 0.5);

        // The queue now serves the model's choice, with its guess and the reason it asks.
        var bob = app.ClientFor("bob");
        var task = await bob.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.True(task.GetProperty("modelVersion").GetInt32() >= 1);
        var guess = task.GetProperty("prediction").GetProperty("label").GetString();
        var text = task.GetProperty("text").GetString()!;
        Assert.Equal(text.StartsWith("win", StringComparison.Ordinal) ? "spam" : "ham", guess);
        Assert.False(string.IsNullOrWhiteSpace(task.GetProperty("reason").GetString()));

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(4, stats.GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task Rules_alone_train_a_model_before_any_answer_and_switching_them_off_leaves_it_to_the_answers()
    {
        var project = await app.CreateProjectAsync();
        var spam = Enumerable.Range(0, 20).Select(i => $"win a free prize now, claim your cash reward {i}").ToList();
        var ham = Enumerable.Range(0, 20).Select(i => $"minutes of the project meeting and the agenda for item {i}").ToList();
        var ids = await app.SeedDocumentsAsync(project, spam.Concat(ham).Append("claim your cash today").Append("agenda for tomorrow"));
        var client = app.ClientFor("ana");
        var prize = await client.PostAsJsonAsync($"/api/v1/projects/{project}/rules", new { name = "prize", label = "spam", kind = "keywords", terms = new[] { "prize" } });
        Assert.Equal(HttpStatusCode.Created, prize.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/projects/{project}/rules", new { name = "meeting", label = "ham", kind = "keywords", terms = new[] { "meeting" } })).StatusCode);

        // No one has labelled anything: the rules label 40 documents, and the model learns from them.
        JsonElement model = default;
        for (var attempt = 0; attempt < 600 && model.ValueKind != JsonValueKind.Object; attempt++)
        {
            var now = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            if (now.GetProperty("version").GetInt32() > 0 && now.GetProperty("ruleLabelled").GetInt32() == 40)
            {
                model = now;
            }
            else
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(JsonValueKind.Object, model.ValueKind);
        Assert.Equal(0, model.GetProperty("labels").GetInt32());
        var predicted = await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "claim your cash today", "agenda for tomorrow" } });
        var predictions = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal("spam", predictions[0].GetProperty("label").GetString());
        Assert.Equal("ham", predictions[1].GetProperty("label").GetString());

        // Switching a rule off trains again: one label's rules are left, which cannot train a model of two labels by themselves,
        // so the model stays as it was until answers come.
        var ruleId = (await prize.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var version = model.GetProperty("version").GetInt32();
        (await client.PatchAsJsonAsync($"/api/v1/projects/{project}/rules/{ruleId}", new { enabled = false })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" } })).EnsureSuccessStatusCode();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            model = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            if (model.GetProperty("labels").GetInt32() == 1)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.True(model.GetProperty("version").GetInt32() > version);
        Assert.Equal(1, model.GetProperty("labels").GetInt32());
        Assert.Equal(20, model.GetProperty("ruleLabelled").GetInt32()); // the meeting rule's documents; the answer gives the second label
    }

    [Fact]
    public async Task With_ten_labels_the_model_reports_per_label_figures_a_confusion_matrix_and_its_history()
    {
        var project = await app.CreateProjectAsync();
        var spam = Enumerable.Range(0, 10).Select(i => $"win a free prize now, claim your cash reward {i}").ToList();
        var ham = Enumerable.Range(0, 10).Select(i => $"minutes of the project meeting and the agenda for item {i}").ToList();
        var ids = await app.SeedDocumentsAsync(project, spam.Concat(ham));
        var client = app.ClientFor("ana");
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
        Assert.Equal(0, before.GetProperty("metrics").GetProperty("perLabel").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("metrics").GetProperty("confusion").ValueKind);
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/projects/{project}/model/history") ?? []);

        for (var i = 0; i < 6; i++)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], labels = new[] { "spam" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[10 + i], labels = new[] { "ham" } })).EnsureSuccessStatusCode();
        }

        var model = await WaitForModelAsync(client, project, labels: 12);
        var metrics = model.GetProperty("metrics");
        var accuracy = metrics.GetProperty("accuracy").GetDouble();
        Assert.Equal(accuracy, metrics.GetProperty("crossValidatedAccuracy").GetDouble());
        Assert.InRange(accuracy, 0.9, 1);
        Assert.InRange(metrics.GetProperty("macroF1").GetDouble(), 0.9, 1);
        // The sample sd of five fold accuracies in [0, 1] whose mean is the accuracy: none when all are right, and
        // never more than five folds split between 0 and 1 could give.
        var sd = metrics.GetProperty("accuracySd").GetDouble();
        Assert.InRange(sd, 0, Math.Sqrt(1.25 * accuracy * (1 - accuracy)) + 1e-9);
        Assert.True(metrics.GetProperty("trainingMs").GetDouble() > 0);

        var perLabel = metrics.GetProperty("perLabel").EnumerateArray().ToList();
        Assert.Equal(["spam", "ham"], perLabel.Select(l => l.GetProperty("label").GetString()));
        Assert.Equal([6, 6], perLabel.Select(l => l.GetProperty("support").GetInt32()));
        Assert.All(perLabel, l =>
        {
            Assert.InRange(l.GetProperty("precision").GetDouble(), 0, 1);
            Assert.InRange(l.GetProperty("recall").GetDouble(), 0, 1);
            Assert.InRange(l.GetProperty("f1").GetDouble(), 0, 1);
        });

        var confusion = metrics.GetProperty("confusion");
        Assert.Equal(["spam", "ham"], confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var matrix = confusion.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal([6, 6], matrix.Select(r => r.Sum()));
        Assert.Equal(accuracy, (matrix[0][0] + matrix[1][1]) / 12.0, 12);

        var history = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/projects/{project}/model/history");
        Assert.NotNull(history);
        // A retrain asked for by the last answer may have finished since: the model's own run is in the history, and
        // nothing after it learnt from more labels.
        var last = history.Single(h => h.GetProperty("version").GetInt32() == model.GetProperty("version").GetInt32());
        Assert.True(history[^1].GetProperty("version").GetInt32() >= last.GetProperty("version").GetInt32());
        Assert.Equal(12, history[^1].GetProperty("labels").GetInt32());
        Assert.Equal(12, last.GetProperty("labels").GetInt32());
        Assert.Equal(accuracy, last.GetProperty("accuracy").GetDouble());
        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.Equal(history.Select(h => h.GetProperty("version").GetInt32()).Order(), history.Select(h => h.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/projects/999/model/history")).StatusCode);

        // The saved model file predicts what the server predicts.
        var file = await client.GetAsync($"/api/v1/projects/{project}/model/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.EndsWith(".tlm", file.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var saved = Tagloop.Learning.Serialization.ModelFile.Load(new MemoryStream(await file.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["spam", "ham"], saved.Classes);
        string[] probe = ["free prize money", "agenda of the meeting"];
        var probabilities = new float[4];
        saved.Model.PredictProbabilities(saved.Encoder.Encode(probe), probabilities);
        var served = await (await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = probe })).Content.ReadFromJsonAsync<JsonElement>();
        var predictions = served.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(Math.Round(probabilities[0], 4), predictions[0].GetProperty("probabilities").GetProperty("spam").GetDouble(), 4);
        Assert.Equal(Math.Round(probabilities[3], 4), predictions[1].GetProperty("probabilities").GetProperty("ham").GetDouble(), 4);
    }

    [Fact]
    public async Task A_multi_label_project_trains_and_predict_lists_every_label_that_applies()
    {
        var project = await app.CreateProjectAsync("Tickets", multiLabel: true, "billing", "delivery");
        var billing = Enumerable.Range(0, 5).Select(i => $"my invoice shows a double charge {i}").ToList();
        var delivery = Enumerable.Range(0, 5).Select(i => $"the parcel arrived late again {i}").ToList();
        var both = Enumerable.Range(0, 5).Select(i => $"charged twice on the invoice and the parcel arrived late {i}").ToList();
        var ids = await app.SeedDocumentsAsync(project, billing.Concat(delivery).Concat(both));
        var client = app.ClientFor("ana");
        var message = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model")).GetProperty("message").GetString();
        Assert.Contains("label", message, StringComparison.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], labels = new[] { "billing" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[5 + i], labels = new[] { "delivery" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[10 + i], labels = new[] { "billing", "delivery" } })).EnsureSuccessStatusCode();
        }

        var model = await WaitForModelAsync(client, project, labels: 12);
        var metrics = model.GetProperty("metrics");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("confusion").ValueKind);
        Assert.Equal([8, 8], metrics.GetProperty("perLabel").EnumerateArray().Select(l => l.GetProperty("support").GetInt32()));

        var predicted = await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "double charge on my invoice", "charged twice on the invoice and the parcel arrived late" } });
        var predictions = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal(["billing"], predictions[0].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["billing", "delivery"], predictions[1].GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Predict_refuses_an_empty_request_naming_the_field()
    {
        var project = await app.CreateProjectAsync();
        var response = await app.CreateClient().PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("texts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForModelAsync(HttpClient client, int project, int labels)
    {
        // Training runs in the background; poll (bounded) until the model has seen every label.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var model = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            // From 10 labels on, wait for the second publication of the version, the one with cross-validated figures.
            if (model.GetProperty("version").GetInt32() > 0 && model.GetProperty("labels").GetInt32() == labels
                && (labels < 10 || (model.GetProperty("metrics").GetProperty("accuracy").ValueKind == JsonValueKind.Number
                    && model.GetProperty("metrics").GetProperty("evaluatedLabels").GetInt32() == labels)))
            {
                return model;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No model trained on all labels within 30 s.");
    }
}
