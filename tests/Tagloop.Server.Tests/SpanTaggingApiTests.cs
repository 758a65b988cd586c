using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tagloop.Core.Training;

namespace Tagloop.Server.Tests;

/// <summary>Span-tagging projects through the API: sentences as regions, correct- and teach-mode answers, the tagger and its suggestions.</summary>
public sealed class SpanTaggingApiTests : IDisposable
{
    private const string TwoSentences = "Ada Lovelace visited London in June. Charles Babbage stayed in Paris.";
    private readonly TagloopApp app = new();

    public void Dispose() => app.Dispose();

    private async Task<int> CreateSpanProjectAsync(bool overlapping = false)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/projects", new
        {
            name = "Names",
            task = "span-tagging",
            labels = new[] { new { name = "PER", key = "p" }, new { name = "LOC", key = "l" } },
        });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        if (overlapping)
        {
            var patched = await app.CreateClient().PatchAsJsonAsync($"/api/v1/projects/{id}/settings", new { overlappingSpans = true });
            patched.EnsureSuccessStatusCode();
            Assert.True((await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overlappingSpans").GetBoolean());
        }

        return id;
    }

    private static int At(string text, string word) => text.IndexOf(word, StringComparison.Ordinal);

    [Fact]
    public async Task A_document_is_served_sentence_by_sentence_and_done_once_every_sentence_is_answered()
    {
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        var ana = app.ClientFor("ana");

        var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], task.GetProperty("documentId").GetInt64());
        Assert.Equal(TwoSentences, task.GetProperty("text").GetString());
        var region = task.GetProperty("region");
        Assert.Equal(0, region.GetProperty("start").GetInt32());
        Assert.Equal(At(TwoSentences, "June") + 5, region.GetProperty("end").GetInt32());
        var tokens = task.GetProperty("tokens").EnumerateArray().Select(t => TwoSentences[t.GetProperty("start").GetInt32()..t.GetProperty("end").GetInt32()]).ToList();
        Assert.Equal(["Ada", "Lovelace", "visited", "London", "in", "June", "."], tokens);
        Assert.Empty(task.GetProperty("spans").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("suggestion").ValueKind);

        // A selection that cuts words snaps outwards to whole tokens: "a Lovel" becomes "Ada Lovelace".
        var posted = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            region = new { start = 0, end = region.GetProperty("end").GetInt32() },
            spans = new[] { new { start = 2, end = 9, label = "PER" }, new { start = At(TwoSentences, "London"), end = At(TwoSentences, "London") + 6, label = "loc" } },
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var first = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("partial", first.GetProperty("kind").GetString());
        var spans = first.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal((0, 12, "PER"), (spans[0].GetProperty("start").GetInt32(), spans[0].GetProperty("end").GetInt32(), spans[0].GetProperty("label").GetString()));
        Assert.Equal("LOC", spans[1].GetProperty("label").GetString());
        Assert.Single(first.GetProperty("regions").EnumerateArray());

        // The same document comes back with its other sentence.
        var second = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], second.GetProperty("documentId").GetInt64());
        Assert.Equal(At(TwoSentences, "Charles"), second.GetProperty("region").GetProperty("start").GetInt32());
        var done = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            region = new { start = At(TwoSentences, "Charles"), end = TwoSentences.Length },
            spans = new[] { new { start = At(TwoSentences, "Charles"), end = At(TwoSentences, "Babbage") + 7, label = "PER" } },
        });
        var whole = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("answer", whole.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("regions").ValueKind);
        Assert.Equal(3, whole.GetProperty("spans").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await ana.GetAsync($"/api/v1/projects/{project}/tasks/next")).StatusCode);

        // The header's counts are entities per type.
        var stats = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal([("PER", 2), ("LOC", 1)], stats.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("name").GetString(), l.GetProperty("count").GetInt32())).ToList());
        Assert.Equal(1, stats.GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task Skipping_the_rest_of_a_document_keeps_the_sentences_already_answered()
    {
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        var ana = app.ClientFor("ana");
        (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            region = new { start = 0, end = At(TwoSentences, "June") + 5 },
            spans = new[] { new { start = 0, end = 12, label = "PER" } },
        })).EnsureSuccessStatusCode();
        var skipped = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], skip = true });
        var skip = await skipped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("skip", skip.GetProperty("kind").GetString());
        Assert.Single(skip.GetProperty("spans").EnumerateArray());
        Assert.Single(skip.GetProperty("regions").EnumerateArray());

        // It comes back (nothing else is left) at the sentence not yet answered, and the answered one still counts.
        var back = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.True(back.GetProperty("skippedBefore").GetBoolean());
        Assert.Equal(At(TwoSentences, "Charles"), back.GetProperty("region").GetProperty("start").GetInt32());
        var stats = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/stats");
        Assert.Equal(1, stats.GetProperty("labels")[0].GetProperty("count").GetInt32());
        var done = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            region = new { start = At(TwoSentences, "Charles"), end = TwoSentences.Length },
            spans = Array.Empty<object>(),
        });
        var whole = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("answer", whole.GetProperty("kind").GetString());
        Assert.Single(whole.GetProperty("spans").EnumerateArray());
    }

    [Fact]
    public async Task Bad_spans_are_refused_naming_the_span_and_nothing_is_saved()
    {
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        var ana = app.ClientFor("ana");
        var london = At(TwoSentences, "London");
        async Task<string> RefusedAsync(object body)
        {
            var response = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var overlap = await RefusedAsync(new { documentId = ids[0], spans = new[] { new { start = 0, end = 12, label = "PER" }, new { start = 4, end = 20, label = "LOC" } } });
        Assert.Contains("spans[1]", overlap, StringComparison.Ordinal);
        Assert.Contains("overlap", overlap, StringComparison.Ordinal);
        var outside = await RefusedAsync(new { documentId = ids[0], region = new { start = 0, end = 36 }, spans = new[] { new { start = At(TwoSentences, "Paris"), end = At(TwoSentences, "Paris") + 5, label = "LOC" } } });
        Assert.Contains("outside the region", outside, StringComparison.Ordinal);
        var blank = await RefusedAsync(new { documentId = ids[0], spans = new[] { new { start = 3, end = 4, label = "PER" } } });
        Assert.Contains("no word", blank, StringComparison.Ordinal);
        var beyond = await RefusedAsync(new { documentId = ids[0], spans = new[] { new { start = london, end = 500, label = "LOC" } } });
        Assert.Contains("length 69", beyond, StringComparison.Ordinal);
        var unknown = await RefusedAsync(new { documentId = ids[0], spans = new[] { new { start = london, end = london + 6, label = "ORG" } } });
        Assert.Contains("spans[0].label", unknown, StringComparison.Ordinal);
        var teachTwo = await RefusedAsync(new { documentId = ids[0], accept = true, spans = new[] { new { start = 0, end = 3, label = "PER" }, new { start = london, end = london + 6, label = "LOC" } } });
        Assert.Contains("exactly one span", teachTwo, StringComparison.Ordinal);
        var labels = await RefusedAsync(new { documentId = ids[0], labels = new[] { "PER" } });
        Assert.Contains("spans, not labels", labels, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ana.GetAsync($"/api/v1/projects/{project}/tasks/next?mode=guess")).StatusCode);

        var history = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/documents/{ids[0]}");
        Assert.Empty(history.GetProperty("annotations").EnumerateArray());
    }

    [Fact]
    public async Task Overlapping_spans_are_kept_when_the_project_allows_them()
    {
        var project = await CreateSpanProjectAsync(overlapping: true);
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        var posted = await app.ClientFor("ana").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            spans = new[] { new { start = 0, end = 12, label = "PER" }, new { start = 4, end = 12, label = "LOC" } },
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(2, (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("spans").GetArrayLength());
    }

    [Fact]
    public async Task Teach_answers_judge_one_span_each_and_are_merged_into_the_answer()
    {
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences[..(At(TwoSentences, "June") + 5)]]);
        var ana = app.ClientFor("ana");
        var london = At(TwoSentences, "London");
        var accept = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], accept = true, spans = new[] { new { start = london, end = london + 6, label = "LOC" } } });
        Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
        var reject = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], accept = false, spans = new[] { new { start = 0, end = 3, label = "LOC" } } });
        var answer = await reject.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("partial", answer.GetProperty("kind").GetString());
        Assert.Empty(answer.GetProperty("regions").EnumerateArray());
        var spans = answer.GetProperty("spans").EnumerateArray().Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("label").GetString(), s.GetProperty("rejected").GetBoolean())).ToList();
        Assert.Equal([(0, "LOC", true), (london, "LOC", false)], spans);

        // Turning the rejection into an acceptance of another type replaces it; the document stays open.
        var changed = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], accept = true, spans = new[] { new { start = 0, end = 12, label = "PER" } } });
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([(0, "LOC", true), (0, "PER", false), (london, "LOC", false)],
            after.GetProperty("spans").EnumerateArray().Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("label").GetString(), s.GetProperty("rejected").GetBoolean())).ToList());
        var next = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], next.GetProperty("documentId").GetInt64());
        // The accepted spans come back as the annotator's own (no probability), whatever a model suggests beside them.
        var shown = next.GetProperty("spans").EnumerateArray().Where(s => s.GetProperty("probability").ValueKind == JsonValueKind.Null)
            .Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("label").GetString())).ToList();
        Assert.Equal([(0, "PER"), (london, "LOC")], shown);
    }

    [Fact]
    public async Task Offsets_count_utf16_code_units_of_the_whole_document_also_outside_the_basic_plane()
    {
        var project = await CreateSpanProjectAsync();
        const string text = "𝔘𝔫𝔦 🎉 Zoë met 𝔄𝔡𝔞 in Köln.";
        var ids = await app.SeedDocumentsAsync(project, [text]);
        var ana = app.ClientFor("ana");
        var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        var tokens = task.GetProperty("tokens").EnumerateArray().Select(t => text[t.GetProperty("start").GetInt32()..t.GetProperty("end").GetInt32()]).ToList();
        Assert.Contains("𝔄𝔡𝔞", tokens);
        Assert.Contains("🎉", tokens);
        var ada = At(text, "𝔄𝔡𝔞");
        var posted = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], spans = new[] { new { start = ada + 1, end = ada + 2, label = "PER" } } });
        var span = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("spans")[0];
        Assert.Equal((ada, ada + 6), (span.GetProperty("start").GetInt32(), span.GetProperty("end").GetInt32()));
    }

    [Fact]
    public async Task The_tagger_learns_from_answers_and_then_pre_annotates_and_suggests()
    {
        var project = await CreateSpanProjectAsync();
        string[] people = ["Anna", "Boris", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karl", "Lena"];
        string[] places = ["Berlin", "Madrid", "Oslo", "Vienna", "Lisbon", "Prague", "Dublin", "Rome", "Athens", "Warsaw", "Bern", "Riga"];
        var texts = people.Select((p, i) => $"{p} lives in {places[i]} .").ToList();
        var ids = await app.SeedDocumentsAsync(project, texts);
        var ana = app.ClientFor("ana");
        for (var i = 0; i < 8; i++)
        {
            var text = texts[i];
            var place = At(text, places[i]);
            (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
            {
                documentId = ids[i],
                spans = new[] { new { start = 0, end = people[i].Length, label = "PER" }, new { start = place, end = place + places[i].Length, label = "LOC" } },
            })).EnsureSuccessStatusCode();
        }

        var registry = app.Services.GetRequiredService<ModelRegistry>();
        for (var attempt = 0; attempt < 600 && registry.CurrentSpans(project) is not { Sentences: 8 }; attempt++)
        {
            await Task.Delay(50);
        }

        var model = registry.CurrentSpans(project);
        Assert.NotNull(model);
        Assert.Equal(8, model.Sentences);

        var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        var document = Array.IndexOf(ids, task.GetProperty("documentId").GetInt64());
        Assert.InRange(document, 8, 11);
        var spans = task.GetProperty("spans").EnumerateArray().Select(s => (texts[document][s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()], s.GetProperty("label").GetString())).ToList();
        Assert.Contains((people[document], "PER"), spans);
        Assert.Contains((places[document], "LOC"), spans);
        Assert.All(task.GetProperty("spans").EnumerateArray(), s => Assert.InRange(s.GetProperty("probability").GetDouble(), 0, 1));

        var teach = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next?mode=teach");
        var suggestion = teach.GetProperty("suggestion");
        Assert.Equal(JsonValueKind.Object, suggestion.ValueKind);
        Assert.Contains(suggestion.GetProperty("label").GetString(), new[] { "PER", "LOC" });
        var asked = teach.GetProperty("text").GetString()![suggestion.GetProperty("start").GetInt32()..suggestion.GetProperty("end").GetInt32()];
        var reason = teach.GetProperty("reason").GetString()!;
        Assert.Contains($"“{asked}”", reason, StringComparison.Ordinal);
        Assert.Contains(suggestion.GetProperty("probability").GetDouble() is > 0.9 or < 0.1 ? "The model thinks" : "least sure", reason, StringComparison.Ordinal);

        var predicted = await app.CreateClient().PostAsJsonAsync($"/api/v1/projects/{project}/predict", new { texts = new[] { "🎉 Hugo lives in Rome ." } });
        predicted.EnsureSuccessStatusCode();
        var found = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions")[0].GetProperty("spans").EnumerateArray()
            .Select(s => ("🎉 Hugo lives in Rome ."[s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()], s.GetProperty("label").GetString())).ToList();
        // The tagger can be downloaded, and the file loads to the same tagger.
        var file = await app.CreateClient().GetAsync($"/api/v1/projects/{project}/model/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var loaded = Tagloop.Learning.Spans.CrfModelFile.Load(await file.Content.ReadAsStreamAsync());
        Assert.Equal(model.Tagger.Labels, loaded.Labels);

        // Offsets are UTF-16 code units, past the emoji's surrogate pair (the tiny tagger may also call the emoji a name).
        Assert.Contains(("Hugo", "PER"), found);
        Assert.Contains(("Rome", "LOC"), found);
    }

    [Fact]
    public async Task With_the_GloVe_vectors_in_the_data_folder_the_tagger_reads_them_and_its_file_names_them()
    {
        // A small stand-in for 'tagloop models pull glove-100d': a vectors file where the server looks for it.
        var random = new Random(5);
        var words = new[] { "ada", "lovelace", "london", "charles", "babbage", "paris", "visited", "stayed", "in", "june", "." }
            .Concat(Enumerable.Range(0, 200).Select(i => $"w{i}")).ToList();
        var vectors = words.Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToList();
        var models = Path.Combine(app.DataDir, "models");
        Directory.CreateDirectory(models);
        Tagloop.Learning.Encoders.WordVectors.Write(Path.Combine(models, "glove-100d.vec"), words, vectors);

        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        (await app.ClientFor("ana").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            spans = new[] { new { start = 0, end = "Ada Lovelace".Length, label = "PER" }, new { start = At(TwoSentences, "London"), end = At(TwoSentences, "London") + 6, label = "LOC" } },
        })).EnsureSuccessStatusCode();

        JsonElement model = default;
        for (var attempt = 0; attempt < 600 && !File.Exists(Path.Combine(models, $"project-{project}.tlm")); attempt++)
        {
            await Task.Delay(50);
        }

        model = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
        Assert.True(model.GetProperty("version").GetInt32() >= 1);
        Assert.Equal("words, glove-100d vectors, word clusters", model.GetProperty("encoder").GetString());
        Assert.True(File.Exists(Path.Combine(models, TaggerFeatures.ClustersFileName)));

        // The file names the vectors: it loads with them, and says what it needs without them.
        var file = await app.CreateClient().GetByteArrayAsync($"/api/v1/projects/{project}/model/file");
        using var opened = Tagloop.Learning.Encoders.WordVectors.Open(Path.Combine(models, "glove-100d.vec"));
        var loaded = Tagloop.Learning.Spans.CrfModelFile.Load(new MemoryStream(file), new Tagloop.Learning.Spans.WordVectorTokens(opened), "glove-100d");
        Assert.Equal(8, loaded.Features.DenseWidth);
        Assert.NotNull(loaded.Features.Options.Clusters);
        Assert.Null(loaded.Features.Options.Gazetteer);
        var refused = Assert.Throws<ArgumentException>(() => Tagloop.Learning.Spans.CrfModelFile.Load(new MemoryStream(file)));
        Assert.Contains("glove-100d", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_tab_reports_cross_validated_entity_figures_per_type_once_twenty_sentences_are_answered()
    {
        var project = await CreateSpanProjectAsync();
        var before = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
        Assert.Equal(0, before.GetProperty("version").GetInt32());
        Assert.Contains("first answer that marks an entity", before.GetProperty("message").GetString(), StringComparison.Ordinal);

        string[] people = ["Anna", "Boris", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karl", "Lena", "Mia", "Nils", "Olga", "Paul", "Rosa", "Sven", "Tina", "Udo", "Vera", "Willy"];
        var texts = people.Select((p, i) => i % 2 == 0 ? $"{p} lives in Town{i} ." : $"Yesterday {p} went home .").ToList();
        var ids = await app.SeedDocumentsAsync(project, texts);
        var ana = app.ClientFor("ana");
        for (var i = 0; i < texts.Count; i++)
        {
            var spans = new List<object> { new { start = At(texts[i], people[i]), end = At(texts[i], people[i]) + people[i].Length, label = "PER" } };
            if (i % 2 == 0)
            {
                spans.Add(new { start = At(texts[i], "Town"), end = texts[i].Length - 2, label = "LOC" });
            }

            (await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[i], spans })).EnsureSuccessStatusCode();
        }

        JsonElement model = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            model = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model");
            if (model.GetProperty("entities").ValueKind == JsonValueKind.Object && model.GetProperty("entities").GetProperty("evaluatedSentences").GetInt32() == 22)
            {
                break;
            }

            await Task.Delay(50);
        }

        var entities = model.GetProperty("entities");
        Assert.Equal("words, labelled entities", model.GetProperty("encoder").GetString()); // no GloVe vectors in this data folder
        Assert.Equal(22, entities.GetProperty("evaluatedSentences").GetInt32());
        Assert.Equal(5, entities.GetProperty("folds").GetInt32());
        var types = entities.GetProperty("types").EnumerateArray().ToList();
        Assert.Equal(["PER", "LOC"], types.Select(t => t.GetProperty("type").GetString()));
        Assert.Equal(22, types[0].GetProperty("support").GetInt32());
        Assert.Equal(11, types[1].GetProperty("support").GetInt32());
        Assert.InRange(entities.GetProperty("entityF1").GetDouble(), 0, 1);
        var history = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/history");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("macroF1").ValueKind == JsonValueKind.Number);

        // How hard each entity type is: its F1 curve over the recorded evaluations; no mix-ups and no verdict for span tagging.
        JsonElement difficulty = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            difficulty = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/model/labels");
            if (difficulty.GetProperty("evaluatedLabels").GetInt32() == 22)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(22, difficulty.GetProperty("evaluatedLabels").GetInt32());
        var perType = difficulty.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(["PER", "LOC"], perType.Select(t => t.GetProperty("label").GetString()));
        Assert.Equal([22, 11], perType.Select(t => t.GetProperty("support").GetInt32()));
        Assert.All(perType, t =>
        {
            Assert.Equal(22, t.GetProperty("curve").EnumerateArray().Last().GetProperty("labels").GetInt32());
            Assert.Equal(JsonValueKind.Null, t.GetProperty("confusedWith").ValueKind);
        });
        Assert.Equal(JsonValueKind.Null, difficulty.GetProperty("feasibility").ValueKind);
    }

    [Fact]
    public async Task Span_agreement_is_pairwise_f1_over_the_parts_both_annotators_answered()
    {
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [TwoSentences]);
        var (london, paris, charles) = (At(TwoSentences, "London"), At(TwoSentences, "Paris"), At(TwoSentences, "Charles"));
        async Task AnswerAsync(string who, object body) => (await app.ClientFor(who).PostAsJsonAsync($"/api/v1/projects/{project}/annotations", body)).EnsureSuccessStatusCode();

        // Ana answers the whole document: Ada Lovelace PER, London LOC, Charles Babbage PER, Paris LOC.
        await AnswerAsync("ana", new
        {
            documentId = ids[0],
            spans = new[]
            {
                new { start = 0, end = 12, label = "PER" }, new { start = london, end = london + 6, label = "LOC" },
                new { start = charles, end = charles + 15, label = "PER" }, new { start = paris, end = paris + 5, label = "LOC" },
            },
        });

        // Bob answers only the first sentence, calling London a PER and missing nothing else: Paris and Charles are not compared.
        await AnswerAsync("bob", new
        {
            documentId = ids[0],
            region = new { start = 0, end = At(TwoSentences, "June") + 5 },
            spans = new[] { new { start = 0, end = 12, label = "PER" }, new { start = london, end = london + 6, label = "PER" } },
        });

        var agreement = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/agreement");
        var spans = agreement.GetProperty("spans");
        var pair = spans.GetProperty("pairs")[0];
        Assert.Equal(("ana", "bob"), (pair.GetProperty("first").GetString(), pair.GetProperty("second").GetString()));
        Assert.Equal((1, 1, 2, 2), (pair.GetProperty("documents").GetInt32(), pair.GetProperty("matched").GetInt32(), pair.GetProperty("firstSpans").GetInt32(), pair.GetProperty("secondSpans").GetInt32()));
        Assert.Equal(0.5, pair.GetProperty("f1").GetDouble(), 4);
        Assert.Equal(0.5, spans.GetProperty("meanF1").GetDouble(), 4);
        var perType = spans.GetProperty("perType").EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!, t => (t.GetProperty("matched").GetInt32(), t.GetProperty("spans").GetInt32()));
        Assert.Equal((1, 3), perType["PER"]);
        Assert.Equal((0, 1), perType["LOC"]);
    }

    [Fact]
    public async Task A_paragraph_project_serves_a_paragraph_at_a_time_and_the_setting_is_checked()
    {
        const string Text = "Ada Lovelace met Charles Babbage. They wrote in London.\n\nMary Somerville lived in Paris.";
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [Text]);
        var owner = app.CreateClient();

        var wrong = await owner.PatchAsJsonAsync($"/api/v1/projects/{project}/settings", new { spanUnit = "chapter" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("spanUnit", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var classification = await app.CreateProjectAsync("Mail");
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PatchAsJsonAsync($"/api/v1/projects/{classification}/settings", new { spanUnit = "paragraph" })).StatusCode);

        var patched = await owner.PatchAsJsonAsync($"/api/v1/projects/{project}/settings", new { spanUnit = "Paragraph" });
        patched.EnsureSuccessStatusCode();
        Assert.Equal("paragraph", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("spanUnit").GetString());

        // The first paragraph is two sentences: both are shown, answered and covered at once.
        var ana = app.ClientFor("ana");
        var task = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        var region = task.GetProperty("region");
        Assert.Equal((0, At(Text, "London") + 7), (region.GetProperty("start").GetInt32(), region.GetProperty("end").GetInt32()));
        Assert.Equal(11, task.GetProperty("tokens").GetArrayLength());
        Assert.Equal((1, 2, 0), (task.GetProperty("regionNumber").GetInt32(), task.GetProperty("regionCount").GetInt32(), task.GetProperty("regionsAnswered").GetInt32()));
        var first = await ana.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
        {
            documentId = ids[0],
            region = new { start = 0, end = At(Text, "London") + 7 },
            spans = new[] { new { start = 0, end = 12, label = "PER" }, new { start = At(Text, "London"), end = At(Text, "London") + 6, label = "LOC" } },
        });
        Assert.Equal("partial", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());

        var second = await ana.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project}/tasks/next");
        Assert.Equal(ids[0], second.GetProperty("documentId").GetInt64());
        Assert.Equal((At(Text, "Mary"), Text.Length), (second.GetProperty("region").GetProperty("start").GetInt32(), second.GetProperty("region").GetProperty("end").GetInt32()));
        Assert.Equal((2, 2, 1), (second.GetProperty("regionNumber").GetInt32(), second.GetProperty("regionCount").GetInt32(), second.GetProperty("regionsAnswered").GetInt32()));
    }

    [Fact]
    public async Task Conll_is_written_once_per_document_with_the_spans_its_answers_agree_on()
    {
        const string First = "Ada Lovelace visited London .";
        const string Second = "Mary Shelley left Geneva .";
        var project = await CreateSpanProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, [First, Second]);
        async Task AnswerAsync(string who, long id, params (string Text, string Word, string Label)[] spans)
        {
            var posted = await app.ClientFor(who).PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new
            {
                documentId = id,
                spans = spans.Select(s => new { start = At(s.Text, s.Word), end = At(s.Text, s.Word) + s.Word.Length, label = s.Label }).ToArray(),
            });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        // Three answers on the first document: two of three call London a place. Two on the second, split evenly on
        // Geneva: the earlier answer's span is kept.
        await AnswerAsync("ana", ids[0], (First, "Ada Lovelace", "PER"), (First, "London", "LOC"));
        await AnswerAsync("bob", ids[0], (First, "Ada Lovelace", "PER"), (First, "London", "PER"));
        await AnswerAsync("cy", ids[0], (First, "Ada Lovelace", "PER"), (First, "London", "LOC"));
        await AnswerAsync("ana", ids[1], (Second, "Mary Shelley", "PER"), (Second, "Geneva", "LOC"));
        await AnswerAsync("bob", ids[1], (Second, "Mary Shelley", "PER"), (Second, "Geneva", "PER"));

        var owner = app.CreateClient();
        var conll = await owner.GetStringAsync($"/api/v1/projects/{project}/export?format=conll");
        string[] expected =
        [
            "-DOCSTART- -X- -X- O", "", "Ada B-PER", "Lovelace I-PER", "visited O", "London B-LOC", ". O", "",
            "-DOCSTART- -X- -X- O", "", "Mary B-PER", "Shelley I-PER", "left O", "Geneva B-LOC", ". O", "",
            "",
        ];
        Assert.Equal(expected, conll.Split('\n'));

        // Every answer on its own when asked for.
        var perAnswer = await owner.GetStringAsync($"/api/v1/projects/{project}/export?format=conll&rows=answers");
        Assert.Equal(5, perAnswer.Split('\n').Count(l => l.StartsWith("-DOCSTART-", StringComparison.Ordinal)));
        Assert.Contains("London B-PER", perAnswer, StringComparison.Ordinal);

        var documents = (await owner.GetStringAsync($"/api/v1/projects/{project}/export?format=jsonl&rows=documents"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([(ids[0], 3, "majority"), (ids[1], 2, "majority")], documents.Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("answers").GetInt32(), d.GetProperty("decidedBy").GetString())));
        Assert.All(documents, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("regions").ValueKind));
        Assert.Equal(
            [("Ada Lovelace", "PER"), ("London", "LOC")],
            documents[0].GetProperty("spans").EnumerateArray().Select(s => (First[s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()], s.GetProperty("label").GetString())));

        var csv = await owner.GetAsync($"/api/v1/projects/{project}/export?format=csv&rows=documents");
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Contains("rows", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_and_accept_are_refused_on_a_classification_project()
    {
        var project = await app.CreateProjectAsync();
        var ids = await app.SeedDocumentsAsync(project, ["hello there"]);
        var response = await app.ClientFor("ana").PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { documentId = ids[0], labels = new[] { "spam" }, region = new { start = 0, end = 5 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("span-tagging", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var setting = await app.CreateClient().PatchAsJsonAsync($"/api/v1/projects/{project}/settings", new { overlappingSpans = true });
        Assert.Equal(HttpStatusCode.BadRequest, setting.StatusCode);
    }
}
