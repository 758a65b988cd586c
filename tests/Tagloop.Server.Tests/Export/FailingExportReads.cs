using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tagloop.Server.Tests.Export;

/// <summary>Breaks the export's second chunk of rows, as a failing disk read or a dropped database would, half-way through an export.</summary>
public sealed class FailingExportReads : DbCommandInterceptor
{
    private int chunks;

    public volatile bool Armed;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (Armed && command.CommandText.Contains("\"IsCurrent\"", StringComparison.Ordinal) && command.CommandText.Contains("LIMIT", StringComparison.Ordinal)
            && Interlocked.Increment(ref chunks) == 2)
        {
            throw new IOException("Injected: the second chunk of the export could not be read.");
        }

        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
