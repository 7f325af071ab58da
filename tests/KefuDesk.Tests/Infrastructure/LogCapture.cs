using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>What a node logged, as the app's own filters let it through (give the node its log levels in settings).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, eventId.Name, formatter(state, exception), exception));
    }
}

public sealed record LogLine(string Category, LogLevel Level, string? EventName, string Message, Exception? Exception);
