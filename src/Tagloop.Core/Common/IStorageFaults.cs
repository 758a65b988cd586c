namespace Tagloop.Core.Common;

/// <summary>What a storage provider knows about its own errors, which only it can read (SQLite's error 13, PostgreSQL's 53100).</summary>
public interface IStorageFaults
{
    /// <summary>Whether this exception (not its inner ones) says the database could not grow because the disk is full.</summary>
    bool IsOutOfSpace(Exception exception);
}
