using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Annotations;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>
/// Two servers on one PostgreSQL database, each with its own task pools in memory and the leases held in the
/// database: neither serves what was answered through the other, and no slot goes to two people.
/// </summary>
public sealed class SharedLeasesTests
{
    [Fact]
    public async Task A_server_never_serves_what_was_answered_through_another_since_its_pool_was_loaded()
    {
        await using var database = await TestDatabase.CreateAsync(TestStorage.Postgres);
        var project = (await database.CreateProjectAsync()).Id;
        var one = new QueueKit(database);
        var other = one.OtherServer();
        await one.ImportAsync(project, [.. Enumerable.Range(0, 12).Select(i => Line($"message {i}"))]);
        await other.Pools.LoadAsync(database.NewContext(), project, CancellationToken.None);

        // Everything is answered through the first server; the second's pool heard of none of it.
        for (var i = 0; i < 12; i++)
        {
            await one.AnswerAsync(project, "ana", (await one.NextAsync(project, "ana"))!.Id);
        }

        Assert.Null(await other.NextAsync(project, "bob"));
        Assert.Equal(0, await database.NewContext().TaskLeases.CountAsync());
    }

    [Fact]
    public async Task Annotators_split_across_two_servers_answer_each_document_once()
    {
        await using var database = await TestDatabase.CreateAsync(TestStorage.Postgres);
        var project = (await database.CreateProjectAsync()).Id;
        var one = new QueueKit(database);
        var servers = new[] { one, one.OtherServer() };
        await one.ImportAsync(project, [.. Enumerable.Range(0, 80).Select(i => Line($"message {i}"))]);
        var served = new ConcurrentBag<(string Annotator, long Document)>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(a => Task.Run(async () =>
        {
            var server = servers[a % 2];
            var annotator = $"annotator {a}";
            while (await server.NextAsync(project, annotator) is { } document)
            {
                served.Add((annotator, document.Id));
                await server.AnswerAsync(project, annotator, document.Id);
            }
        })));

        Assert.Equal(80, served.Count);
        Assert.Equal(80, served.Select(s => s.Document).Distinct().Count());
        var answers = await database.NewContext().Annotations.Where(a => a.ProjectId == project && a.Kind == AnnotationKind.Answer)
            .GroupBy(a => a.DocumentId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(80, answers.Count);
        Assert.All(answers, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task An_overlap_document_gets_as_many_answers_as_the_project_asks_across_servers_and_no_more()
    {
        await using var database = await TestDatabase.CreateAsync(TestStorage.Postgres);
        var project = (await database.CreateProjectAsync()).Id;
        await database.NewContext().Projects.Where(p => p.Id == project)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OverlapShare, 1.0).SetProperty(p => p.OverlapAnswers, 3));
        var one = new QueueKit(database);
        var servers = new[] { one, one.OtherServer() };
        await one.ImportAsync(project, [.. Enumerable.Range(0, 20).Select(i => Line($"message {i}"))]);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(a => Task.Run(async () =>
        {
            var server = servers[a % 2];
            var annotator = $"annotator {a}";
            while (await server.NextAsync(project, annotator) is { } document)
            {
                await server.AnswerAsync(project, annotator, document.Id);
            }
        })));

        var answers = await database.NewContext().Annotations.Where(a => a.ProjectId == project && a.Kind == AnnotationKind.Answer)
            .GroupBy(a => a.DocumentId).Select(g => new { Count = g.Count(), People = g.Select(a => a.Author).Distinct().Count() }).ToListAsync();
        Assert.Equal(20, answers.Count);
        Assert.All(answers, a => Assert.Equal((3, 3), (a.Count, a.People)));
    }

    [Fact]
    public async Task An_undo_through_another_server_reopens_the_document_here_once_the_pool_is_read_afresh()
    {
        await using var database = await TestDatabase.CreateAsync(TestStorage.Postgres);
        var project = (await database.CreateProjectAsync()).Id;
        var clock = new ManualClock();
        var one = new QueueKit(database, clock);
        var other = one.OtherServer();
        await one.ImportAsync(project, Line("the only one"));
        var id = (await one.NextAsync(project, "ana"))!.Id;
        var answer = await one.AnswerAsync(project, "ana", id);
        Assert.Null(await other.NextAsync(project, "bob"));

        await one.UndoAsync(project, answer.Id);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await other.NextAsync(project, "bob"));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(id, (await other.NextAsync(project, "bob"))!.Id);
    }

    private static string Line(string text) => JsonSerializer.Serialize(new { text });
}
