using Microsoft.EntityFrameworkCore;
using Tagloop.Core;
using Tagloop.Core.Tasks;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Loads every project's task pool once the database is migrated, in the background, so that the first annotators
/// after a start do not wait for it (a second or so for a million documents).
/// </summary>
internal sealed partial class TaskPoolLoader(IServiceScopeFactory scopes, TaskPools pools, ILogger<TaskPoolLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            try
            {
                foreach (var projectId in await db.Projects.Select(p => p.Id).ToListAsync(stoppingToken).ConfigureAwait(false))
                {
                    await pools.LoadAsync(db, projectId, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                // The first request for a project loads its pool instead.
                Failed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the task pools at start-up (each loads on its first request instead): {Reason}")]
    private partial void Failed(string reason);
}
