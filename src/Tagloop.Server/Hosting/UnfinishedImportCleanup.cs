using System.Data.Common;
using Tagloop.Core;
using Tagloop.Core.Import;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Removes, once the database is migrated, what imports left behind when their process died (a crash, a kill): their
/// rows were never visible. In the background, so that a large leftover does not delay the start.
/// </summary>
internal sealed partial class UnfinishedImportCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<UnfinishedImportCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                var removed = await new UnfinishedImports(scope.ServiceProvider.GetRequiredService<TagloopDbContext>(), time)
                    .RemoveAsync(null, stoppingToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    Removed(removed);
                }
            }
            catch (Exception e) when (e is DbException or IOException)
            {
                // The rows stay hidden; the next start tries again. Not worth stopping the server for.
                Failed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed what {Count} unfinished import(s) left behind (their process had stopped).")]
    private partial void Removed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove what unfinished imports left behind (they stay hidden; the next start tries again): {Reason}")]
    private partial void Failed(string reason);
}
