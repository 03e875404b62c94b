using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Persistence;

namespace Uet.Metrics.Store;

/// <summary>Stores every message of one contract type; registered once per <see cref="EventCatalog.Stored"/> type.</summary>
public sealed class EventRecorder<T>(EventStore store, ILogger<EventRecorder<T>> logger) : IConsumer<T>
    where T : class
{
    public async Task Consume(ConsumeContext<T> context)
    {
        // MassTransit always sets a MessageId; a message from a foreign client without one is kept, just not deduplicated.
        var messageId = context.MessageId ?? NewId.NextGuid();
        var stored = await store.AppendAsync(messageId, context.Message, context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : null, context.CancellationToken);
        if (!stored)
        {
            logger.LogDebug("{Type} {MessageId} is stored already (redelivery)", typeof(T).Name, messageId);
        }
    }
}

/// <summary>All recorders share one endpoint (one queue for the whole store) and retry a busy database.</summary>
public sealed class EventRecorderDefinition<T> : ConsumerDefinition<EventRecorder<T>>
    where T : class
{
    public EventRecorderDefinition()
    {
        EndpointName = MetricsRegistration.EndpointName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventRecorder<T>> consumerConfigurator, IRegistrationContext context)
    {
        consumerConfigurator.UseMessageRetry(DatabaseRetry.Configure);
    }
}
