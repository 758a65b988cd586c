using Microsoft.Extensions.Logging;

namespace Tagloop.Core.Common;

/// <summary>
/// Reports a full disk once, not once per failed write: while it lasts, every request and training run fails the
/// same way, and a stack trace for each would bury the one line the operator needs.
/// </summary>
public sealed partial class DiskSpaceAlarm(TimeProvider time, ILogger<DiskSpaceAlarm> logger)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset? raisedAt;
    private DateTimeOffset lastReport;
    private int failuresSinceReport;

    /// <summary>Whether a write failed for lack of space since the last write that succeeded after it.</summary>
    public bool IsRaised
    {
        get
        {
            lock (gate)
            {
                return raisedAt is not null;
            }
        }
    }

    /// <summary>Counts a write that failed for lack of space; logs the first and then at most one summary a minute.</summary>
    public void Raise(string activity)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            failuresSinceReport++;
            if (raisedAt is null)
            {
                raisedAt = now;
                lastReport = now;
                failuresSinceReport = 0;
                LogFull(activity);
            }
            else if (now - lastReport >= Quiet)
            {
                LogStillFull(failuresSinceReport, (int)Math.Round((now - raisedAt.Value).TotalMinutes));
                lastReport = now;
                failuresSinceReport = 0;
            }
        }
    }

    /// <summary>Says so once when writing works again after the disk was full.</summary>
    public void Clear()
    {
        lock (gate)
        {
            if (raisedAt is null)
            {
                return;
            }

            raisedAt = null;
            failuresSinceReport = 0;
            LogRecovered();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The disk holding Tagloop's data is full: {Activity} failed and was not stored. Tagloop keeps running, refuses changes with 507 and recovers by itself once space is freed.")]
    private partial void LogFull(string activity);

    [LoggerMessage(Level = LogLevel.Error, Message = "The disk is still full: {Failures} more writes failed in the last minute (full for {Minutes} min).")]
    private partial void LogStillFull(int failures, int minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing works again: the disk has space.")]
    private partial void LogRecovered();
}
