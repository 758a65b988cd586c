using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Tagloop.Core.Documents;
using Tagloop.Core.Projects;
using Tagloop.Tests.Storage;

namespace Tagloop.Core.Tests.Storage;

/// <summary>What SQL decides (uniqueness, order, search, time) comes out the same on SQLite and PostgreSQL.</summary>
public sealed class StorageSemanticsTests
{
    public static TheoryData<TestStorage> Storages => [TestStorage.Sqlite, TestStorage.Postgres];

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Names_that_differ_only_in_case_are_distinct_and_an_exact_repeat_breaks_the_unique_index(TestStorage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        database.Db.Projects.AddRange(new Project { Name = "Spam" }, new Project { Name = "spam" }, new Project { Name = "SPAM" });
        await database.Db.SaveChangesAsync();

        await using var other = database.NewContext();
        other.Projects.Add(new Project { Name = "spam" });
        await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync());

        await using var reader = database.NewContext();
        Assert.Equal(1, await reader.Projects.CountAsync(p => p.Name == "spam"));
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Text_sorts_by_code_point_as_ordinal_comparison_does(TestStorage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        string[] names = ["b", "B", "a", "Z", "É", "e", "_x", "10", "9", "ä"];
        database.Db.Projects.AddRange(names.Select(n => new Project { Name = n }));
        await database.Db.SaveChangesAsync();

        var sorted = await database.NewContext().Projects.OrderBy(p => p.Name).Select(p => p.Name).ToListAsync();

        Assert.Equal([.. names.Order(StringComparer.Ordinal)], sorted);
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Search_ignores_the_case_of_ascii_letters_only_and_takes_wildcards_literally(TestStorage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        var project = await database.CreateProjectAsync();
        string[] texts = ["Free MONEY now", "free money", "ÉCOLE d'été", "école", "100% sure", "100 x sure", "a_b", "axb"];
        database.Db.Documents.AddRange(texts.Select(t => new Document
        {
            ProjectId = project.Id,
            Text = t,
            TextHash = SHA256.HashData(Encoding.UTF8.GetBytes(t)),
        }));
        await database.Db.SaveChangesAsync();

        async Task<string[]> Found(string search)
        {
            var query = new DocumentBrowser(database.NewContext()).Select(project, DocumentFilter.All, search).Value!;
            return [.. (await query.Select(d => d.Text).ToListAsync()).Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["Free MONEY now", "free money"], await Found("fReE mOnEy"));
        Assert.Equal(["école"], await Found("éc"));
        Assert.Equal(["ÉCOLE d'été"], await Found("Éc"));
        Assert.Equal(["100% sure"], await Found("0% s"));
        Assert.Equal(["a_b"], await Found("A_"));
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task Times_come_back_in_utc_to_the_millisecond_and_compare_in_sql(TestStorage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        var early = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var late = new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.FromHours(-5));
        database.Db.Projects.AddRange(new Project { Name = "early", CreatedAt = early }, new Project { Name = "late", CreatedAt = late });
        await database.Db.SaveChangesAsync();

        await using var reader = database.NewContext();
        var stored = await reader.Projects.SingleAsync(p => p.Name == "early");
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(early.UtcTicks - (early.UtcTicks % TimeSpan.TicksPerMillisecond), stored.CreatedAt.UtcTicks);

        var cut = new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.FromHours(1));
        Assert.Equal(["early"], await reader.Projects.Where(p => p.CreatedAt < cut).Select(p => p.Name).ToListAsync());
        Assert.Equal(["early", "late"], await reader.Projects.OrderBy(p => p.CreatedAt).Select(p => p.Name).ToListAsync());
    }
}
