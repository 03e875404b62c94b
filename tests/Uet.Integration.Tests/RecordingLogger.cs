using Microsoft.Extensions.Logging;

namespace Uet.Integration.Tests;

/// <summary>Keeps what was logged and lets a test act at the moment a message is written.</summary>
public sealed class RecordingLogger<T>(Action<string>? onMessage = null) : ILogger<T>
{
    private readonly List<string> messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (messages)
            {
                return messages.ToList();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        lock (messages)
        {
            messages.Add(message);
        }

        onMessage?.Invoke(message);
    }
}
