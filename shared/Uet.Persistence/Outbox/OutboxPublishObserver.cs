using MassTransit;

namespace Uet.Persistence.Outbox;

/// <summary>Sees each publish the broker confirmed, so the outbox row of that message can go.</summary>
public sealed class OutboxPublishObserver(OutboxTracker tracker) : IPublishObserver
{
    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.MessageId is { } id)
        {
            tracker.Confirmed(id);
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
