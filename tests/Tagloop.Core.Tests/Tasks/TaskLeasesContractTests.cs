using System.Security.Cryptography;
using System.Text;
using Tagloop.Core.Documents;
using Tagloop.Core.Tasks;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>
/// What every <see cref="ITaskLeases"/> promises, run against each implementation: the in-memory one
/// (<see cref="InMemoryTaskLeasesTests"/>) and the one held in PostgreSQL (<see cref="PostgresTaskLeasesTests"/>).
/// </summary>
public abstract class TaskLeasesContractTests
{
    /// <summary>The database the documents live in (the PostgreSQL leases reference them).</summary>
    protected abstract TestStorage Storage { get; }

    [Fact]
    public async Task The_first_free_candidate_is_leased_and_the_next_annotator_gets_the_one_after()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);

        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", docs, One, CancellationToken.None));
        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "bob", docs, One, CancellationToken.None));
        Assert.Equal(docs[0], await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
        Assert.Equal(docs[1], await leases.HeldAsync(kit.Project, "bob", CancellationToken.None));
        Assert.Null(await leases.HeldAsync(kit.Project, "cat", CancellationToken.None));
    }

    [Fact]
    public async Task An_annotator_holds_one_lease_per_project_and_a_new_one_frees_the_old()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);

        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", docs, One, CancellationToken.None));
        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "ana", docs[1..], One, CancellationToken.None));
        Assert.Equal(docs[1], await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));

        // The first is free again; the second is not.
        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "bob", docs, One, CancellationToken.None));
        Assert.Equal(docs[2], await leases.LeaseFirstFreeAsync(kit.Project, "cat", docs[1..], One, CancellationToken.None));

        // Asking again for the document one holds leases it again.
        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "ana", [docs[1]], One, CancellationToken.None));
    }

    [Fact]
    public async Task Leases_in_different_projects_are_apart()
    {
        await using var kit = await Kit.CreateAsync(this);
        var leases = kit.Leases;

        Assert.Equal(kit.Documents[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", kit.Documents, One, CancellationToken.None));
        Assert.Equal(kit.OtherDocuments[0], await leases.LeaseFirstFreeAsync(kit.OtherProject, "ana", kit.OtherDocuments, One, CancellationToken.None));
        Assert.Equal(kit.Documents[0], await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
        Assert.Equal(kit.OtherDocuments[0], await leases.HeldAsync(kit.OtherProject, "ana", CancellationToken.None));
    }

    [Fact]
    public async Task A_document_with_several_slots_goes_to_that_many_people_at_once_and_no_more()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);
        int Three(long id) => id == docs[0] ? 3 : 1;

        foreach (var annotator in (string[])["ana", "bob", "cat"])
        {
            Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, annotator, docs, Three, CancellationToken.None));
        }

        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "dan", docs, Three, CancellationToken.None));

        // One of them lets go: a slot is free again.
        await leases.ReleaseAsync(kit.Project, "bob", docs[0], CancellationToken.None);
        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "eve", docs, Three, CancellationToken.None));
    }

    [Fact]
    public async Task When_every_candidate_is_full_nothing_is_leased_and_the_old_lease_stays()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);

        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", [docs[0]], One, CancellationToken.None));
        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "bob", [docs[1]], One, CancellationToken.None));

        Assert.Null(await leases.LeaseFirstFreeAsync(kit.Project, "bob", [docs[0]], One, CancellationToken.None));
        Assert.Null(await leases.LeaseFirstFreeAsync(kit.Project, "bob", [], One, CancellationToken.None));
        Assert.Equal(docs[1], await leases.HeldAsync(kit.Project, "bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_runs_out_after_the_lease_duration_and_its_document_is_free()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);

        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", docs, One, CancellationToken.None));
        kit.Clock.Advance(TaskQueue.LeaseDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(docs[0], await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
        Assert.Equal(docs[1], await leases.LeaseFirstFreeAsync(kit.Project, "bob", docs, One, CancellationToken.None));

        kit.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "cat", docs, One, CancellationToken.None));
        Assert.Null(await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
    }

    [Fact]
    public async Task Release_ends_only_the_annotators_own_lease_on_that_document()
    {
        await using var kit = await Kit.CreateAsync(this);
        var (leases, docs) = (kit.Leases, kit.Documents);
        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "ana", docs, One, CancellationToken.None));

        await leases.ReleaseAsync(kit.Project, "ana", docs[1], CancellationToken.None);
        await leases.ReleaseAsync(kit.Project, "bob", docs[0], CancellationToken.None);
        await leases.ReleaseAsync(kit.OtherProject, "ana", docs[0], CancellationToken.None);
        Assert.Equal(docs[0], await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));

        await leases.ReleaseAsync(kit.Project, "ana", docs[0], CancellationToken.None);
        Assert.Null(await leases.HeldAsync(kit.Project, "ana", CancellationToken.None));
        Assert.Equal(docs[0], await leases.LeaseFirstFreeAsync(kit.Project, "bob", docs, One, CancellationToken.None));
    }

    [Fact]
    public async Task Candidates_are_read_lazily_and_only_as_far_as_the_first_free_one()
    {
        await using var kit = await Kit.CreateAsync(this);
        var docs = kit.Documents;
        var read = 0;
        IEnumerable<long> Counted()
        {
            foreach (var id in docs)
            {
                read++;
                yield return id;
            }
        }

        Assert.Equal(docs[0], await kit.Leases.LeaseFirstFreeAsync(kit.Project, "ana", Counted(), One, CancellationToken.None));

        // At most one batch beyond the first: never the whole queue.
        Assert.InRange(read, 1, 16);
    }

    [Fact]
    public async Task Twenty_annotators_leasing_at_once_never_share_a_slot()
    {
        await using var kit = await Kit.CreateAsync(this);
        var docs = kit.Documents;

        // The first two documents take two people each; the rest one.
        int Slots(long id) => id == docs[0] || id == docs[1] ? 2 : 1;
        var leased = await Task.WhenAll(Enumerable.Range(0, 20).Select(a => Task.Run(async () =>
            await kit.Leases.LeaseFirstFreeAsync(kit.Project, $"annotator {a}", docs, Slots, CancellationToken.None))));

        Assert.All(leased, id => Assert.NotNull(id));
        var holders = leased.GroupBy(id => id!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(holders, h => Assert.True(h.Value <= Slots(h.Key), $"document {h.Key} went to {h.Value} people"));
        Assert.Equal(18, holders.Count);
    }

    private static int One(long documentId) => 1;

    /// <summary>A database with two projects of documents, a clock that moves when told, and the leases under test.</summary>
    private sealed class Kit : IAsyncDisposable
    {
        private TestDatabase database = null!;

        public ManualClock Clock { get; } = new();

        public ITaskLeases Leases { get; private set; } = null!;

        public int Project { get; private set; }

        public int OtherProject { get; private set; }

        public long[] Documents { get; private set; } = [];

        public long[] OtherDocuments { get; private set; } = [];

        public static async Task<Kit> CreateAsync(TaskLeasesContractTests tests)
        {
            var kit = new Kit { database = await TestDatabase.CreateAsync(tests.Storage) };
            kit.Leases = tests.CreateLeases(kit.database, kit.Clock);
            kit.Project = (await kit.database.CreateProjectAsync()).Id;
            kit.OtherProject = (await kit.database.CreateProjectAsync()).Id;
            kit.Documents = await kit.SeedAsync(kit.Project, 40);
            kit.OtherDocuments = await kit.SeedAsync(kit.OtherProject, 5);
            return kit;
        }

        public async ValueTask DisposeAsync()
        {
            if (Leases is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            await database.DisposeAsync();
        }

        private async Task<long[]> SeedAsync(int projectId, int count)
        {
            var documents = Enumerable.Range(0, count).Select(i =>
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{projectId} document {i}"));
                return new Document { ProjectId = projectId, Text = $"document {i}", TextHash = hash, ShuffleKey = i };
            }).ToList();
            await using var db = database.NewContext();
            db.Documents.AddRange(documents);
            await db.SaveChangesAsync();
            return [.. documents.Select(d => d.Id)];
        }
    }

    /// <summary>The implementation under test, over the kit's database and clock.</summary>
    protected abstract ITaskLeases CreateLeases(TestDatabase database, TimeProvider time);
}
