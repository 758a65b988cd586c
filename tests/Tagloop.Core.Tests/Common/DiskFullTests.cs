using Microsoft.Data.Sqlite;
using Tagloop.Core.Common;
using Tagloop.Storage.Sqlite;

namespace Tagloop.Core.Tests.Common;

/// <summary>Full disks are recognised from the real errors the operating system and SQLite raise.</summary>
public sealed class DiskFullTests
{
    [Fact]
    public void Writing_to_a_full_device_is_recognised()
    {
        // /dev/full answers every write with ENOSPC, the error a full disk gives.
        var error = Assert.ThrowsAny<IOException>(() =>
        {
            using var stream = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            stream.Write(new byte[4096]);
            stream.Flush(flushToDisk: true);
        });
        Assert.True(DiskFull.Is(error, storage: null));
        Assert.True(DiskFull.Is(new InvalidOperationException("wrapped", error), storage: null));
    }

    [Fact]
    public void A_database_that_cannot_grow_is_recognised_through_the_storage_provider()
    {
        var folder = Directory.CreateTempSubdirectory("tagloop-full-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "full.db")};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t(x TEXT); PRAGMA max_page_count = 2;";
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO t VALUES (zeroblob(100000));";
            var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

            Assert.True(DiskFull.Is(error, new SqliteStorageFaults()));
            Assert.False(DiskFull.Is(error, storage: null));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Other_input_output_errors_are_not_taken_for_a_full_disk()
    {
        var missing = Assert.ThrowsAny<IOException>(() => File.OpenRead(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
        Assert.False(DiskFull.Is(missing, new SqliteStorageFaults()));
        Assert.False(DiskFull.Is(null, new SqliteStorageFaults()));
    }

    [Fact]
    public void A_generic_sqlite_io_error_counts_as_a_full_disk_only_when_the_disk_has_no_room()
    {
        var ioError = new SqliteException("disk I/O error", 10);
        Assert.False(FreeSpace.IsNearlyFull(Path.GetTempPath()));
        Assert.False(new SqliteStorageFaults(Path.Combine(Path.GetTempPath(), "tagloop.db")).IsOutOfSpace(ioError));
        Assert.True(new SqliteStorageFaults().IsOutOfSpace(new SqliteException("database or disk is full", 13)));
    }
}
