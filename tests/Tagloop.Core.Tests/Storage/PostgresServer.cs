using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tagloop.Tests.Storage;

/// <summary>
/// A real PostgreSQL server for the tests: the one TAGLOOP_TEST_POSTGRES names (a connection string whose user may
/// create databases), or else a throwaway cluster this process starts on 127.0.0.1 under a temporary folder and stops
/// when it exits. Each caller gets a database of its own. Nothing is skipped: without PostgreSQL the tests fail and
/// say how to install it.
/// </summary>
public static class PostgresServer
{
    private static readonly Lock Gate = new();
    private static string? adminConnection;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var admin = AdminConnection();
        var name = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, closing whatever connections are left on it.</summary>
    public static void DropDatabase(string connectionString)
    {
        // Idle connections are closed (those in use elsewhere close when returned) so that their buffers and prepared
        // statements do not stay on the heap that other tests measure; FORCE ends any still open on this database.
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(AdminConnection());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    private static string AdminConnection()
    {
        lock (Gate)
        {
            return adminConnection ??= Environment.GetEnvironmentVariable("TAGLOOP_TEST_POSTGRES") is { Length: > 0 } given ? given : StartCluster();
        }
    }

    private static string StartCluster()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "The storage tests run against PostgreSQL as well as SQLite, and no PostgreSQL server binaries were found (initdb, pg_ctl under "
            + "/usr/lib/postgresql/*/bin or on PATH). Install them (Debian/Ubuntu: sudo apt-get install -y postgresql; './tagloop test' does this), "
            + "or set TAGLOOP_TEST_POSTGRES to the connection string of a server where the user may create databases.");
        RemoveStoppedClusters();
        var folder = Directory.CreateTempSubdirectory("tagloop-pg-").FullName;

        // initdb refuses to run as root: as root, the cluster belongs to the postgres user, who needs to reach the folder.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The tests start PostgreSQL on Linux or macOS; on Windows, set TAGLOOP_TEST_POSTGRES to a server's connection string.");
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var data = Path.Combine(folder, "data");
        Run(bin, "initdb", "-D", data, "-A", "trust", "-U", "tagloop", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var port = FreePort();

        // fsync off: a test server's data need not survive a power cut.
        Run(bin, "pg_ctl", "-D", data, "-l", Path.Combine(folder, "log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            Run(bin, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Files the postgres user owns, when not root: harmless too.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=tagloop;Database=postgres;Pooling=true;Maximum Pool Size=20;Timeout=30";
    }

    /// <summary>Folders of earlier runs whose server is stopped (a test host may be ended before it has tidied up).</summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "tagloop-pg-*"))
        {
            // Old enough that no other test process is still setting it up.
            var age = TimeProvider.System.GetUtcNow() - new DateTimeOffset(Directory.GetCreationTimeUtc(folder), TimeSpan.Zero);
            if (age > TimeSpan.FromMinutes(30) && !File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's, or in use: left alone.
                }
            }
        }
    }

    private static string? FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0)
        {
            return versions[0];
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string bin, string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(bin, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var a in (string[])["-u", "postgres", "--", Path.Combine(bin, program)])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // The outputs are a few lines (the server itself writes to its log file), so reading one then the other cannot stall.
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed (exit {(process.HasExited ? process.ExitCode : -1)}): {output}");
        }
    }
}
