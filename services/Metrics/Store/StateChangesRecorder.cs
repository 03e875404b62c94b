using System.Security.Cryptography;

using MassTransit;

using Uet.Contracts;
using Uet.Persistence;

namespace Uet.Metrics.Store;

/// <summary>
/// Stores each change of a <see cref="WorkstreamStatesChanged"/> as a <see cref="WorkstreamStateChanged"/> of its own,
/// queued together (usually one write). Each row gets a MessageId derived from the envelope's and its position, so a
/// redelivered envelope finds its rows stored already and adds nothing.
/// </summary>
public sealed class StateChangesRecorder(EventStore store) : IConsumer<WorkstreamStatesChanged>
{
    public async Task Consume(ConsumeContext<WorkstreamStatesChanged> context)
    {
        var envelope = context.MessageId ?? NewId.NextGuid();
        var sent = context.SentTime is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : (DateTimeOffset?)null;
        var changes = context.Message.Changes;
        var appends = new Task<bool>[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            // Queued together: the store's write loop usually commits them in one transaction.
            appends[i] = store.AppendAsync(ChangeId(envelope, i), changes[i], sent, context.CancellationToken);
        }

        await Task.WhenAll(appends);
    }

    /// <summary>A name-based id (the envelope's id and the position, hashed): stable across redeliveries, unique per change.</summary>
    public static Guid ChangeId(Guid envelope, int index)
    {
        Span<byte> input = stackalloc byte[20];
        envelope.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], index);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }
}

/// <summary>On the store's one endpoint, retrying a busy database like every recorder.</summary>
public sealed class StateChangesRecorderDefinition : ConsumerDefinition<StateChangesRecorder>
{
    public StateChangesRecorderDefinition()
    {
        EndpointName = MetricsRegistration.EndpointName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StateChangesRecorder> consumerConfigurator, IRegistrationContext context)
    {
        consumerConfigurator.UseMessageRetry(DatabaseRetry.Configure);
    }
}
