using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests;

public class ProjectApiTests : IDisposable
{
    private readonly TagloopApp app;

    public ProjectApiTests()
        : this(TestStorage.Sqlite)
    {
    }

    /// <summary>A derived class runs every test again on PostgreSQL.</summary>
    protected ProjectApiTests(TestStorage storage) => app = new TagloopApp(storage: storage);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Creating_a_project_returns_201_with_its_taxonomy_and_default_keys()
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            name = "Contracts",
            task = "classification",
            multiLabel = true,
            labels = new object[]
            {
                new { name = "Indemnity", key = "i", description = "Who pays for losses", color = "#112233" },
                new { name = "Termination" },
            },
            guidelines = "Mark every clause type present.",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var project = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/projects/{project.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
        Assert.True(project.GetProperty("multiLabel").GetBoolean());
        var labels = project.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(["Indemnity", "Termination"], labels.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("i", labels[0].GetProperty("key").GetString());
        Assert.Equal("#112233", labels[0].GetProperty("color").GetString());
        Assert.Equal("1", labels[1].GetProperty("key").GetString());

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/projects");
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("name").GetString() == "Contracts");
        var fetched = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.GetProperty("id").GetInt32()}");
        Assert.Equal("Mark every clause type present.", fetched.GetProperty("guidelines").GetString());
    }

    [Fact]
    public async Task An_invalid_project_is_refused_with_problem_details_naming_each_field()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/projects", new
        {
            name = "",
            task = "summarisation",
            labels = new object[] { new { name = "a", key = "f" }, new { name = "A" }, new { name = "b", color = "red" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("summarisation", errors.GetProperty("task")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("reserved", errors.GetProperty("labels[0].key")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("already a label named 'a'", errors.GetProperty("labels[1].name")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("red", errors.GetProperty("labels[2].color")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_project_with_the_same_name_is_a_conflict()
    {
        await app.CreateProjectAsync("Twice");
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/projects", new { name = "Twice", labels = new[] { new { name = "x" } } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_project_is_a_404_problem()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/projects/999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upper_case_reserved_keys_are_refused_too()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/projects", new { name = "Keys", labels = new[] { new { name = "a", key = "F" }, new { name = "b", key = "G" } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("reserved", errors.GetProperty("labels[0].key")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("reserved", errors.GetProperty("labels[1].key")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_address_is_a_404_problem_not_the_web_page()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/projects/1/nonsense");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_known_address_asked_with_another_method_is_a_405_naming_the_methods_it_takes()
    {
        var id = await app.CreateProjectAsync();
        var response = await app.CreateClient().PutAsJsonAsync($"/api/v1/projects/{id}/annotations", new { documentId = 1 });
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Equal($"/api/v1/projects/{id}/annotations does not take PUT; it takes POST.", detail);

        // An address nothing answers stays a 404, whatever the method.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().PutAsJsonAsync("/api/v1/nothing-here", new { })).StatusCode);
    }

    [Theory]
    [InlineData("text/xml", "<answer/>", "not 'text/xml'")]
    [InlineData("application/x-www-form-urlencoded", "documentId=1", "not 'application/x-www-form-urlencoded'")]
    public async Task A_json_endpoint_sent_another_content_type_is_a_415_saying_what_it_takes(string contentType, string body, string expected)
    {
        var id = await app.CreateProjectAsync();
        var response = await app.CreateClient().PostAsync($"/api/v1/projects/{id}/annotations", new StringContent(body, System.Text.Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("Content-Type: application/json", detail, StringComparison.Ordinal);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_addresses_get_the_web_page_and_api_or_file_addresses_never_do()
    {
        var root = Directory.CreateTempSubdirectory("tagloop-web-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>Tagloop page</title>");
            using var withPage = new TagloopApp(webRoot: root);
            var client = withPage.CreateClient();
            var page = await client.GetAsync("/projects/3/browse");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Tagloop page", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assets/missing.js")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/projects/3/browse", new StringContent("x"))).StatusCode);
            var api = await client.GetAsync("/api/v1/projects/1/nonsense");
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_strategy_is_listed_changed_and_refused_by_name_when_unknown()
    {
        var client = app.CreateClient();
        var id = await app.CreateProjectAsync();
        var strategies = await client.GetFromJsonAsync<JsonElement>("/api/v1/strategies");
        var first = strategies.EnumerateArray().First();
        Assert.True(first.GetProperty("isDefault").GetBoolean());
        Assert.Equal(first.GetProperty("name").GetString(), (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}")).GetProperty("strategy").GetString());
        Assert.Contains("k-center", strategies.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(strategies.EnumerateArray(), s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("description").GetString())));

        var changed = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/settings", new { strategy = "Random" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("random", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("strategy").GetString());
        Assert.Equal("random", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}")).GetProperty("strategy").GetString());

        var refused = await client.PatchAsJsonAsync($"/api/v1/projects/{id}/settings", new { strategy = "psychic" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("psychic", problem, StringComparison.Ordinal);
        Assert.Contains("strategy", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync("/api/v1/projects/999/settings", new { strategy = "random" })).StatusCode);
    }
}
