using MassTransit;

namespace Uet.Worker.Execution;

/// <summary>Publishes through the bus itself, because attempts outlive the consume context that started them.</summary>
internal sealed class BusWorkerEvents(IBus bus) : IWorkerEvents
{
    public Task PublishAsync<T>(T message, CancellationToken ct = default)
        where T : class => bus.Publish(message, ct);
}
