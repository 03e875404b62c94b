namespace Uet.Worker.Execution;

/// <summary>Where the worker's events go: the bus in a host, a list in a test. Keeps the executor free of MassTransit.</summary>
public interface IWorkerEvents
{
    Task PublishAsync<T>(T message, CancellationToken ct = default)
        where T : class;
}
