using System.Collections.Concurrent;

using MassTransit;

namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>
/// Counts completed consumes per MessageId, as the bus sees them (after the saga's repository returned). The harness
/// records one consume per MessageId, so a redelivery under the same id is only seen here.
/// </summary>
internal sealed class ConsumeCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _completed = new();

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.MessageId is { } id)
        {
            _completed.AddOrUpdate(id, 1, (_, n) => n + 1);
        }
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    /// <summary>Waits until the message with <paramref name="messageId"/> was consumed <paramref name="times"/> times without a fault.</summary>
    public async Task WaitAsync(Guid messageId, int times, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_completed.GetValueOrDefault(messageId) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Message {messageId} was consumed {_completed.GetValueOrDefault(messageId)} time(s), not {times}, within {timeout}.");
            }
            await Task.Delay(10);
        }
    }
}
