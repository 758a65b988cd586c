using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tagloop.Browser.Tests;

/// <summary>The encoder as a person meets it in real Chromium: chosen when creating a project, changed in Settings, named on the Model tab.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EncoderSettingTests(BrowserFixture browser) : IDisposable
{
    private const float Patience = 60_000;

    private readonly LiveServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_project_created_to_read_words_is_switched_to_meaning_in_settings_and_the_model_tab_says_what_it_reads()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);

        // The creation form offers the encoders with the default chosen; pick "Words only".
        await page.GotoAsync($"{server.BaseAddress}#/new");
        await page.GetByTestId("project-name").FillAsync("Pets and markets");
        await page.GetByTestId("label-name-0").FillAsync("animals");
        if (await page.GetByTestId("label-name-1").CountAsync() == 0)
        {
            await page.GetByTestId("add-label").ClickAsync();
        }

        await page.GetByTestId("label-name-1").FillAsync("money");
        var field = page.GetByTestId("encoder-field");
        await Expect(field).ToBeVisibleAsync();
        await Expect(field.Locator("input[value='minilm+tfidf']")).ToBeCheckedAsync();
        await field.Locator("input[value='tfidf']").CheckAsync();
        await page.GetByTestId("create-project").ClickAsync();

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Tagloop-Annotator", "api");
        JsonElement project = default;
        for (var attempt = 0; attempt < 100 && project.ValueKind != JsonValueKind.Object; attempt++)
        {
            var list = await http.GetFromJsonAsync<JsonElement[]>("/api/v1/projects");
            project = list!.FirstOrDefault(p => p.GetProperty("name").GetString() == "Pets and markets");
            await Task.Delay(project.ValueKind == JsonValueKind.Object ? 0 : 100);
        }

        Assert.Equal("tfidf", project.GetProperty("encoder").GetString());
        var id = project.GetProperty("id").GetInt32();

        // Documents and a few answers, through the API, so the model has something to read.
        string[] texts = ["The kitten sleeps on the sofa.", "Our dog barks at the postman.", "Shares fell after the earnings report.", "The central bank raised rates.", "A puppy chased a ball."];
        using var body = new StringContent(string.Join('\n', texts.Select(t => JsonSerializer.Serialize(new { text = t }))), System.Text.Encoding.UTF8, "application/x-ndjson");
        (await http.PostAsync($"/api/v1/projects/{id}/documents", body)).EnsureSuccessStatusCode();
        var documents = await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}/documents?pageSize=10");
        foreach (var item in documents.GetProperty("items").EnumerateArray().Take(4))
        {
            var text = item.GetProperty("text").GetString()!;
            var label = text.Contains("kitten", StringComparison.Ordinal) || text.Contains("dog", StringComparison.Ordinal) ? "animals" : "money";
            (await http.PostAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = item.GetProperty("id").GetInt64(), labels = new[] { label } })).EnsureSuccessStatusCode();
        }

        // Settings: the current encoder is checked; switching says what happens next, and the server keeps it.
        await page.GotoAsync($"{server.BaseAddress}#/projects/{id}/settings");
        var form = page.GetByTestId("encoder-form");
        await Expect(form.Locator("input[value='tfidf']")).ToBeCheckedAsync();
        await page.GetByTestId("encoder-save").ClickAsync();
        await Expect(page.GetByTestId("encoder-status")).ToContainTextAsync("Nothing changed");
        await form.Locator("input[value='minilm']").CheckAsync();
        await page.GetByTestId("encoder-save").ClickAsync();
        await Expect(page.GetByTestId("encoder-status")).ToContainTextAsync("Saved");
        Assert.Equal("minilm", (await http.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}")).GetProperty("encoder").GetString());

        // Once the sentence model has read the documents, the Model tab names what the model reads.
        await page.GetByTestId("tab-model").ClickAsync();
        await Expect(page.GetByTestId("model-encoder")).ToContainTextAsync("Meaning only", new() { Timeout = Patience });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/encoder-model-tab.png", FullPage = true });
        Assert.Empty(pageErrors);
    }
}
