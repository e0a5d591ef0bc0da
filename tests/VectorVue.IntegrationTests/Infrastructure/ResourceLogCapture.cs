using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every console line the services print. The testing host forwards each resource's console output to a
/// logger named after the resource; this provider records those lines.
/// </summary>
public sealed class ResourceLogCapture : ILoggerProvider
{
    public const string ResourceCategoryMarker = ".Resources.";

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Waits (bounded) for a line holding <paramref name="text"/>: a service's console reaches the test a moment after the service wrote it.</summary>
    public async Task WaitForAsync(string text, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!Contains(text))
        {
            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No console line holding '{text}' within {within}.");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.Contains(ResourceCategoryMarker, StringComparison.Ordinal) ? new LineLogger(categoryName, _lines) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class LineLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)}");
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
