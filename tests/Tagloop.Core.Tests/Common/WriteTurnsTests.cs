using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Tagloop.Core.Common;

namespace Tagloop.Core.Tests.Common;

/// <summary>What an import sees of other writers: their transactions and lone write statements, not its own.</summary>
public sealed class WriteTurnsTests
{
    [Fact]
    public async Task Another_connections_transaction_counts_as_a_writer_until_it_ends_and_the_left_out_connection_does_not()
    {
        await using var database = await TestDatabase.CreateAsync();
        var project = await database.CreateProjectAsync();
        var importer = database.NewContext();
        var turns = importer.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors!.OfType<WriteTurns>().Single();
        await importer.Database.OpenConnectionAsync();
        using var leftOut = turns.LeaveOut(importer.Database.GetDbConnection());

        var before = turns.Began;
        await using (var own = await importer.Database.BeginTransactionAsync())
        {
            await own.CommitAsync();
        }

        Assert.Equal(before, turns.Began);

        var other = database.NewContext();
        var transaction = await other.Database.BeginTransactionAsync();
        Assert.Equal(before + 1, turns.Began);
        var waiting = turns.WaitForOthersAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await transaction.CommitAsync();
        await waiting;

        await database.NewContext().Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Guidelines, "updated"));
        Assert.Equal(before + 2, turns.Began);
        await turns.WaitForOthersAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
    }
}
