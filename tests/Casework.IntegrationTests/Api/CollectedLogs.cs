using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Casework.IntegrationTests.Api;

/// <summary>Every log line the service writes, formatted as a sink would write it, with its exception.</summary>
public sealed class CollectedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(CollectedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
