using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Worker.Execution;

namespace Uet.Worker.Consumers;

/// <summary>Every replica receives cancels (per-instance endpoint); the one running the attempt kills its processes.</summary>
public sealed class CancelWorkstreamConsumer(AttemptRegistry registry, ILogger<CancelWorkstreamConsumer> logger) : IConsumer<CancelWorkstream>
{
    public Task Consume(ConsumeContext<CancelWorkstream> context)
    {
        var key = AttemptKey.Of(context.Message);
        if (registry.Cancel(key, context.Message.Reason))
        {
            logger.LogInformation("Cancelling {Attempt}: {Reason}", key, context.Message.Reason);
        }

        return Task.CompletedTask;
    }
}
