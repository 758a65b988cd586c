using Tagloop.Core;
using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>
/// Whether accounts are on. Users are never deleted, so once on it stays on and is not asked again; while off, every
/// request asks, so that <c>tagloop users add</c> run beside a live server takes effect at once.
/// </summary>
internal sealed class AccountsSwitch
{
    private volatile bool on;

    public async ValueTask<bool> OnAsync(TagloopDbContext db, CancellationToken cancellationToken)
    {
        if (!on && await UserAccounts.OnAsync(db, cancellationToken).ConfigureAwait(false))
        {
            on = true;
        }

        return on;
    }
}
