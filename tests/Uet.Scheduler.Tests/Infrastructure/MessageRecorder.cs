using MassTransit;

using Uet.Contracts;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>
/// Every message the bus publishes, in order, and a way to await one: tests wait on what the saga sends
/// rather than sleeping.
/// </summary>
internal sealed class MessageRecorder : IPublishObserver
{
    private readonly List<object> _messages = [];
    private readonly List<Guid?> _messageIds = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public IReadOnlyList<T> All<T>(Func<T, bool>? filter = null)
    {
        lock (_messages)
        {
            return _messages.OfType<T>().Where(m => filter?.Invoke(m) ?? true).ToList();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> matching messages were published; returns them.</summary>
    public async Task<IReadOnlyList<T>> WaitFor<T>(Func<T, bool>? filter = null, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            lock (_messages)
            {
                var found = _messages.OfType<T>().Where(m => filter?.Invoke(m) ?? true).ToList();
                if (found.Count >= count)
                {
                    return found;
                }
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} {typeof(T).Name} message(s) matching the filter; published so far: {Describe()}");
            }
            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Loop once more: report with the final content.
            }
        }
    }

    public async Task<T> WaitForOne<T>(Func<T, bool>? filter = null, TimeSpan? timeout = null) =>
        (await WaitFor(filter, 1, timeout))[0];

    /// <summary>Published messages of a type with the MessageId each went out with.</summary>
    public IReadOnlyList<(Guid? MessageId, T Message)> Published<T>()
    {
        lock (_messages)
        {
            return _messages.Select((m, i) => (Id: _messageIds[i], Message: m))
                .Where(x => x.Message is T)
                .Select(x => (x.Id, (T)x.Message))
                .ToList();
        }
    }

    public string Describe()
    {
        lock (_messages)
        {
            return string.Join(Environment.NewLine, _messages.Select(m => "  " + m));
        }
    }

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        TaskCompletionSource signal;
        lock (_messages)
        {
            _messages.Add(context.Message);
            _messageIds.Add(context.MessageId);
            // A decision's state changes travel in one envelope; tests read them as the changes they are.
            if (context.Message is WorkstreamStatesChanged envelope)
            {
                foreach (var change in envelope.Changes)
                {
                    _messages.Add(change);
                    _messageIds.Add(context.MessageId);
                }
            }

            signal = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
