using Microsoft.Extensions.Logging;

namespace Tagloop.Server.Tests.Import;

/// <summary>Keeps every error the server logs (with its exception), so that a failing request can be reported with what the server said.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly List<string> entries = [];

    public int Count
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>The entries written since <paramref name="mark"/> (an earlier <see cref="Count"/>).</summary>
    public IReadOnlyList<string> Since(int mark)
    {
        lock (entries)
        {
            return entries.Skip(mark).ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, List<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = $"[{logLevel}] {category}: {formatter(state, exception)}" + (exception is null ? "" : "\n" + exception);
            lock (entries)
            {
                entries.Add(entry);
            }
        }
    }
}
