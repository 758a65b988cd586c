using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Training;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

public class TaskQueueTests
{
    /// <summary>The database these tests run on; a derived class runs them all again on PostgreSQL.</summary>
    protected virtual TestStorage Storage => TestStorage.Sqlite;

    [Fact]
    public async Task Annotators_asking_at_once_never_get_the_same_document_and_no_answered_document_comes_back()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, [.. Enumerable.Range(0, 120).Select(i => Line($"message {i}"))]);
        var annotators = Enumerable.Range(0, 12).Select(i => $"annotator {i}").ToList();
        var served = new List<long>();

        for (var round = 0; round < 10; round++)
        {
            var documents = await Task.WhenAll(annotators.Select(a => queue.NextAsync(project.Id, a)));
            var ids = documents.Select(d => d!.Id).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            await Task.WhenAll(annotators.Select((a, i) => queue.AnswerAsync(project.Id, a, ids[i])));
            served.AddRange(ids);
        }

        Assert.Equal(120, served.Distinct().Count());
        Assert.Null(await queue.NextAsync(project.Id, "annotator 0"));
    }

    [Fact]
    public async Task Asking_again_returns_the_leased_document_until_it_is_answered()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("a"), Line("b"), Line("c"));

        var first = (await queue.NextAsync(project.Id, "ana"))!.Id;
        Assert.Equal(first, (await queue.NextAsync(project.Id, "ana"))!.Id);
        Assert.NotEqual(first, (await queue.NextAsync(project.Id, "bob"))!.Id);
        Assert.Equal(first, (await queue.NextAsync(project.Id, "ana"))!.Id);

        await queue.AnswerAsync(project.Id, "ana", first);
        var second = (await queue.NextAsync(project.Id, "ana"))!.Id;
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_lease_runs_out_after_ten_minutes_and_the_document_goes_to_someone_else()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var clock = new ManualClock();
        var queue = new QueueKit(database, clock);
        await queue.ImportAsync(project.Id, Line("the only one"));

        var leased = (await queue.NextAsync(project.Id, "ana"))!.Id;
        Assert.Null(await queue.NextAsync(project.Id, "bob"));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(await queue.NextAsync(project.Id, "bob"));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(leased, (await queue.NextAsync(project.Id, "bob"))!.Id);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));
    }

    [Fact]
    public async Task A_skip_puts_the_document_behind_everything_else_for_the_one_who_skipped_only_and_releases_the_lease()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("one"), Line("two"));

        var skipped = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.SkipAsync(project.Id, "ana", skipped);
        var other = await queue.NextTaskAsync(project.Id, "ana");
        Assert.NotEqual(skipped, other!.Document.Id);
        Assert.False(other.SkippedBefore);

        // The skip released ana's lease: bob may have the document at once, and it is new to him.
        var bobs = await queue.NextTaskAsync(project.Id, "bob");
        Assert.Equal(skipped, bobs!.Document.Id);
        Assert.False(bobs.SkippedBefore);
        await queue.SkipAsync(project.Id, "bob", skipped);
        Assert.Equal(skipped, (await queue.NextAsync(project.Id, "bob"))!.Id);
    }

    [Fact]
    public async Task What_an_annotator_skipped_comes_back_to_them_when_nothing_else_is_left_the_longest_skipped_first()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("a"), Line("b"), Line("c"));
        var first = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.SkipAsync(project.Id, "ana", first);
        var second = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.SkipAsync(project.Id, "ana", second);
        var third = (await queue.NextAsync(project.Id, "ana"))!.Id;
        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        await queue.AnswerAsync(project.Id, "ana", third);

        var back = await queue.NextTaskAsync(project.Id, "ana");
        Assert.Equal(first, back!.Document.Id);
        Assert.True(back.SkippedBefore);

        // Skipping it again sends it behind the other skip; answering one leaves the other; a restart keeps the order.
        await queue.SkipAsync(project.Id, "ana", first);
        queue.Restart();
        Assert.Equal(second, (await queue.NextAsync(project.Id, "ana"))!.Id);
        await queue.AnswerAsync(project.Id, "ana", second);
        Assert.Equal(first, (await queue.NextAsync(project.Id, "ana"))!.Id);

        // Once somebody answers it, it is done for everyone.
        await queue.AnswerAsync(project.Id, "bob", first);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));
    }

    [Fact]
    public async Task Undo_reopens_the_document_or_makes_the_previous_answer_current()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("the only one"));
        var id = (await queue.NextAsync(project.Id, "ana"))!.Id;

        var answer = await queue.AnswerAsync(project.Id, "ana", id);
        Assert.Null(await queue.NextAsync(project.Id, "bob"));
        await queue.UndoAsync(project.Id, answer.Id);
        Assert.Equal(id, (await queue.NextAsync(project.Id, "bob"))!.Id);

        // Bob skips, then answers; undoing the answer makes his skip current: the document is open again, to him as
        // one he skipped.
        await queue.SkipAsync(project.Id, "bob", id);
        var bobs = await queue.AnswerAsync(project.Id, "bob", id);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));
        await queue.UndoAsync(project.Id, bobs.Id);
        Assert.True((await queue.NextTaskAsync(project.Id, "bob"))!.SkippedBefore);
    }

    [Fact]
    public async Task Documents_of_an_import_that_completes_later_join_the_queue_and_pre_labelled_ones_are_done()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("first"));
        var first = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.AnswerAsync(project.Id, "ana", first);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));

        await queue.ImportAsync(project.Id, Line("second"), Line("labelled already", "ham"));

        var second = await queue.NextAsync(project.Id, "ana");
        Assert.Equal("second", second!.Text);
        await queue.AnswerAsync(project.Id, "ana", second.Id);
        Assert.Null(await queue.NextAsync(project.Id, "ana"));
    }

    [Fact]
    public async Task After_a_restart_the_queue_is_rebuilt_from_the_database()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, Line("a"), Line("b"), Line("c"));
        var answered = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.AnswerAsync(project.Id, "ana", answered);
        var skipped = (await queue.NextAsync(project.Id, "ana"))!.Id;
        await queue.SkipAsync(project.Id, "ana", skipped);

        queue.Restart();

        var left = (await queue.NextAsync(project.Id, "ana"))!.Id;
        Assert.NotEqual(answered, left);
        Assert.NotEqual(skipped, left);
        await queue.AnswerAsync(project.Id, "ana", left);
        Assert.Equal(skipped, (await queue.NextAsync(project.Id, "bob"))!.Id);

        // Ana's skip came through the restart: it would come back to her last, and bob holds it now.
        Assert.Null(await queue.NextAsync(project.Id, "ana"));
    }

    [Fact]
    public async Task The_models_ranking_orders_the_queue_and_documents_it_does_not_rank_follow_in_shuffle_order()
    {
        await using var database = await TestDatabase.CreateAsync(Storage);
        var project = await database.CreateProjectAsync();
        var queue = new QueueKit(database);
        await queue.ImportAsync(project.Id, [.. Enumerable.Range(0, 6).Select(i => Line($"text {i}"))]);
        var db = database.NewContext();
        var shuffled = await db.Documents.OrderBy(d => d.ShuffleKey).Select(d => d.Id).ToListAsync();
        Assert.Equal(shuffled[0], (await queue.NextAsync(project.Id, "warm-up"))!.Id);

        // The ranking puts the shuffle's last three first, in reverse.
        var ranked = new[] { shuffled[5], shuffled[4], shuffled[3] };
        queue.Models.Publish(new ModelSnapshot(project.Id, 1, TimeProvider.System.GetUtcNow(), 2, ["spam", "ham"], null!, null!, ranked, null!, 0));
        var order = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var next = (await queue.NextAsync(project.Id, "ana"))!.Id;
            order.Add(next);
            await queue.AnswerAsync(project.Id, "ana", next);
        }

        Assert.Equal([shuffled[5], shuffled[4], shuffled[3], shuffled[1], shuffled[2]], order);
    }

    private static string Line(string text, string? label = null) =>
        label is null ? JsonSerializer.Serialize(new { text }) : JsonSerializer.Serialize(new { text, label });
}
