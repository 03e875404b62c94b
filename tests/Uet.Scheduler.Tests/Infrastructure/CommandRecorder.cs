using System.Collections.Concurrent;
using System.Diagnostics;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>
/// The text of every command Npgsql sends from this process while it lives (to <paramref name="database"/> only, if
/// given), from Npgsql's own tracing (its ActivitySource; nothing in the saga's path is replaced). Tests run in
/// parallel: look for what only your test sends, or give it a database of its own.
/// </summary>
internal sealed class CommandRecorder : IDisposable
{
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ActivityListener _listener;

    public CommandRecorder(string? database = null)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.query.text") is string text
                    && (database is null || Equals(activity.GetTagItem("db.namespace"), database)))
                {
                    _commands.Enqueue(text);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<string> Commands => [.. _commands];

    public void Dispose() => _listener.Dispose();
}
