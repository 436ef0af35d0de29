using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BotService.Tests.Support;

/// <summary>Keeps every log line (formatted message, exception text included) for privacy assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public sealed record LogLine(string Category, LogLevel Level, string Message, string? Exception);

    public IReadOnlyList<LogLine> Lines => _lines.ToArray();

    /// <summary>Everything written, as one string, for "contains nothing sensitive" checks.</summary>
    public string AllText => string.Join("\n", _lines.Select(l => $"{l.Category} {l.Level} {l.Message} {l.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Structured values too: a formatter that hid a value would not hide it from a real sink.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner._lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception) + " | " + values, exception?.ToString()));
        }
    }
}
