using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tagloop.Server.Tests;

/// <summary>The project's encoder over the API: listed, chosen at creation, changed in settings, and the real sentence model behind it.</summary>
public sealed class EncoderApiTests : IDisposable
{
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Encoders_are_listed_in_plain_words_chosen_at_creation_in_any_spelling_and_refused_by_name_when_unknown()
    {
        var client = app.CreateClient();
        var encoders = await client.GetFromJsonAsync<JsonElement>("/api/v1/encoders");
        Assert.Equal(["minilm+tfidf", "minilm", "tfidf"], encoders.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.True(encoders[0].GetProperty("isDefault").GetBoolean());
        Assert.All(encoders.EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("title").GetString())));
        Assert.All(encoders.EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString())));

        var plain = await Create(client, "Default", null);
        Assert.Equal("minilm+tfidf", plain.GetProperty("encoder").GetString());
        var spelled = await Create(client, "Spelled", " TFIDF+MiniLM ");
        Assert.Equal("minilm+tfidf", spelled.GetProperty("encoder").GetString());
        Assert.Equal("tfidf", (await Create(client, "Words", "tfidf")).GetProperty("encoder").GetString());

        // glove-sif is an encoder simulate knows, but its vectors are fitted on a corpus, so projects cannot use it.
        foreach (var wrong in new[] { "glove-sif", "bert", "" })
        {
            var refused = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Wrong " + wrong, labels = new[] { new { name = "a" }, new { name = "b" } }, encoder = wrong });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var messages = problem.GetProperty("errors").GetProperty("encoder").EnumerateArray().Select(m => m.GetString()).ToList();
            Assert.Contains(messages, m => m!.Contains($"'{wrong}'", StringComparison.Ordinal) && m.Contains("minilm+tfidf", StringComparison.Ordinal));
        }

        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/v1/projects")).EnumerateArray(), p => p.GetProperty("name").GetString()!.StartsWith("Wrong", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_encoder_is_changed_in_settings_beside_the_strategy_and_an_unknown_one_changes_nothing()
    {
        var client = app.CreateClient();
        var id = await app.CreateProjectAsync();
        var changed = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/settings", new { encoder = "MINILM" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var project = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("minilm", project.GetProperty("encoder").GetString());
        Assert.Equal("margin", project.GetProperty("strategy").GetString());

        var refused = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/settings", new { strategy = "random", encoder = "word2vec" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("word2vec", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal("minilm", after.GetProperty("encoder").GetString());
        Assert.Equal("margin", after.GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task A_sentence_model_project_learns_from_words_first_then_from_meaning_and_back_to_words_when_changed()
    {
        var client = app.ClientFor("ana");
        var created = await Create(client, "Meaning", null);
        var project = created.GetProperty("id").GetInt32();
        string[] animals = ["The kitten is asleep on the warm sofa.", "Our dog barks at the postman every morning.", "A horse grazed quietly in the meadow.", "The parrot repeated every word it heard."];
        string[] money = ["Shares fell sharply after the quarterly earnings report.", "The central bank raised interest rates again.", "Investors sold bonds as inflation climbed.", "The stock exchange closed lower on Friday."];
        var ids = await app.SeedDocumentsAsync(project, [.. animals, .. money, "A puppy chased a ball across the garden."]);
        for (var i = 0; i < 4; i++)
        {
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], labels = new[] { "a" } })).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[4 + i], labels = new[] { "b" } })).EnsureSuccessStatusCode();
        }

        // The words-only model comes first (the queue never waits for the sentence model), then the one reading meaning.
        var meaning = await WaitForEncoderAsync(client, project, "minilm+tfidf");
        Assert.Equal(8, meaning.GetProperty("labels").GetInt32());
        Assert.Equal(JsonValueKind.Null, meaning.GetProperty("encoding").ValueKind);
        var history = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/projects/{project}/model/history");
        Assert.True(history!.Length >= 2);

        // It links texts that share no words, and predicts with the sentence model too.
        var task = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[8], task.GetProperty("documentId").GetInt64());
        var predicted = await client.PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "A cat curled up by the fire.", "Bond yields rose on Wall Street." } });
        var predictions = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal("a", predictions[0].GetProperty("label").GetString());
        Assert.Equal("b", predictions[1].GetProperty("label").GetString());

        // The model file says what it reads with, and brings the sentence model back when loaded.
        await using (var file = await client.GetStreamAsync($"/api/v1/projects/{project}/model/file"))
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            copy.Position = 0;
            var saved = Tagloop.Learning.Serialization.ModelFile.Load(copy, new Tagloop.Learning.Encoders.TextEncoderResources(MiniLmCacheDirectory: Path.Combine(app.DataDir, "models", "minilm")));
            Assert.Equal("minilm+tfidf", saved.Encoder.Name);
            (saved.Encoder as IDisposable)?.Dispose();
        }

        Assert.True(File.Exists(Path.Combine(app.DataDir, "embeddings", $"project-{project}.minilm.i8")));

        (await client.PatchAsJsonAsync($"/api/v1/projects/{project}/settings", new { encoder = "tfidf" })).EnsureSuccessStatusCode();
        await WaitForEncoderAsync(client, project, "tfidf");
    }

    private static async Task<JsonElement> Create(HttpClient client, string name, string? encoder)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name, labels = new[] { new { name = "a" }, new { name = "b" } }, encoder });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> WaitForEncoderAsync(HttpClient client, int project, string encoder)
    {
        // Encoding and training run in the background; poll (bounded) until a model reads with the encoder asked for.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var model = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            if (model.GetProperty("version").GetInt32() > 0 && model.GetProperty("encoder").GetString() == encoder)
            {
                return model;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No model reading with {encoder} within 120 s.");
    }
}
