using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tagloop.Browser.Tests;

/// <summary>Keeps the formatted messages one logging category writes, so a test can see what the server did with a request.</summary>
public sealed class CapturedLog(string category) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    /// <summary>The messages written so far, oldest first.</summary>
    public IReadOnlyList<string> Messages => [.. messages];

    public ILogger CreateLogger(string categoryName) =>
        categoryName == category ? new Collector(messages) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            messages.Enqueue(formatter(state, exception));
        }
    }
}
