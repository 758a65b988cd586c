using Tagloop.Core.Projects;
using Tagloop.Server.Hosting;
using Tagloop.Storage.Postgres;

namespace Tagloop.Cli;

/// <summary>
/// The data folder opened by a command that changes more than one row at a time (deleting, changing labels), with the
/// folder's lock held: a running server keeps the queue and the model of each project in memory, so it makes those
/// changes itself, through its web page or API.
/// </summary>
internal sealed class OfflineStorage : IAsyncDisposable
{
    private readonly IDisposable folderLock;
    private readonly PostgresServerLock? databaseLock;

    private OfflineStorage(IDisposable folderLock, PostgresServerLock? databaseLock, CliStorage storage, string folder)
    {
        this.folderLock = folderLock;
        this.databaseLock = databaseLock;
        Storage = storage;
        Folder = folder;
    }

    public CliStorage Storage { get; }

    /// <summary>The data folder, as a full path.</summary>
    public string Folder { get; }

    /// <summary>The storage, or null after saying on standard error that a server holds the folder (<paramref name="instead"/>: where to do it then).</summary>
    public static async Task<OfflineStorage?> OpenAsync(string dataDir, string instead, CancellationToken cancellationToken)
    {
        var held = DataFolderLock.Acquire(dataDir);
        if (!held.Succeeded)
        {
            await Console.Error.WriteLineAsync($"error: a Tagloop server is using {Path.GetFullPath(dataDir)}; {instead}, or stop the server first.").ConfigureAwait(false);
            return null;
        }

        CliStorage? storage = null;
        try
        {
            var choice = StorageChoice.For(CommonOptions.DefaultDatabase, dataDir);
            storage = await CliStorage.OpenAsync(choice, cancellationToken).ConfigureAwait(false);

            // Servers on the same PostgreSQL database hold its lock shared whatever their data folder: this command
            // takes it exclusive, so it runs while none does (they would not hear of its changes).
            PostgresServerLock? databaseLock = null;
            if (choice.IsPostgres && (databaseLock = await PostgresServerLock.TryAcquireAsync(choice.Target, shared: false, cancellationToken).ConfigureAwait(false)) is null)
            {
                await Console.Error.WriteLineAsync($"error: a Tagloop server is using the {choice.Describe()}; {instead}, or stop the server first.").ConfigureAwait(false);
                await storage.DisposeAsync().ConfigureAwait(false);
                held.Value!.Dispose();
                return null;
            }

            return new OfflineStorage(held.Value!, databaseLock, storage, Path.GetFullPath(dataDir));
        }
        catch
        {
            if (storage is not null)
            {
                await storage.DisposeAsync().ConfigureAwait(false);
            }

            held.Value!.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the folder for itself, finds the project by name and runs <paramref name="action"/> on them; a held
    /// folder or an unknown project is one line on standard error and the user-error exit code.
    /// </summary>
    public static async Task<int> RunAsync(string dataDir, string instead, string projectName, CancellationToken cancellationToken, Func<OfflineStorage, Project, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var offline = await OpenAsync(dataDir, instead, cancellationToken).ConfigureAwait(false);
        if (offline is null)
        {
            return CliErrors.UserError;
        }

        var project = await offline.Storage.ProjectAsync(projectName, cancellationToken).ConfigureAwait(false);
        return project is null ? CliErrors.NoSuchProject(projectName) : await action(offline, project).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks before something that cannot be undone: passes with --yes, refuses when nobody can answer (standard input
    /// redirected), and otherwise asks for <paramref name="answer"/> to be typed.
    /// </summary>
    public static async Task<bool> ConfirmAsync(bool yes, string what, string answer, string prompt)
    {
        if (yes)
        {
            return true;
        }

        if (Console.IsInputRedirected)
        {
            await Console.Error.WriteLineAsync($"error: {what} cannot be undone; pass --yes to do it without being asked.").ConfigureAwait(false);
            return false;
        }

        Console.Write($"{prompt} This cannot be undone. Type {answer} to confirm: ");
        if (!string.Equals(Console.ReadLine()?.Trim(), answer, StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Nothing was changed: the answer did not match.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync().ConfigureAwait(false);
        if (databaseLock is not null)
        {
            await databaseLock.DisposeAsync().ConfigureAwait(false);
        }

        folderLock.Dispose();
    }
}
