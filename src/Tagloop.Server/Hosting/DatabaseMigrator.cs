using Microsoft.Extensions.Options;
using Tagloop.Core;
using Tagloop.Core.Users;

namespace Tagloop.Server.Hosting;

/// <summary>
/// Brings the database up to date before the server takes requests, and refuses to listen beyond loopback while the
/// server has no accounts (anyone who reached it could do anything).
/// </summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes, IOptions<TagloopServerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<TagloopDbContext>();
            await StorageServices.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
            if (!LoopbackGuard.IsLoopback(options.Value.Host) && !await UserAccounts.OnAsync(db, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException(
                    $"Refusing to listen on host '{options.Value.Host}': without accounts Tagloop serves loopback only (127.0.0.1, ::1 or localhost). " +
                    "Add a user first ('tagloop users add NAME'), then every request must sign in.");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
