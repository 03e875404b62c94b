using MassTransit;

using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Hosting.Telemetry;

namespace Uet.Integration;

/// <summary>
/// The bus face of <see cref="GitIntegrator"/>: each command becomes the event that answers it, published so the
/// run saga and the event store both see it. One consumer for the three commands, so one partitioner orders them per run.
/// </summary>
public sealed class IntegrationConsumer(GitIntegrator integrator, ILogger<IntegrationConsumer> logger) :
    IConsumer<PrepareIntegration>,
    IConsumer<IntegrateWorkstream>,
    IConsumer<RevertIntegration>
{
    public async Task Consume(ConsumeContext<PrepareIntegration> context)
    {
        using var scope = logger.BeginRunScope(context.Message.RunId, context.Message.RunName);
        switch (await integrator.PrepareAsync(context.Message, context.CancellationToken))
        {
            case PrepareOutcome.Prepared prepared:
                await context.Publish(prepared.Event);
                break;
            case PrepareOutcome.Failed failed:
                await context.Publish(failed.Event);
                break;
        }
    }

    public async Task Consume(ConsumeContext<IntegrateWorkstream> context)
    {
        using var scope = logger.BeginRunScope(context.Message.RunId, context.Message.RunName, context.Message.WorkstreamId, context.Message.Attempt);
        switch (await integrator.IntegrateAsync(context.Message, context.CancellationToken))
        {
            case IntegrateOutcome.Integrated integrated:
                await context.Publish(integrated.Event);
                break;
            case IntegrateOutcome.Conflict conflict:
                await context.Publish(conflict.Event);
                break;
            case IntegrateOutcome.GateFailed gateFailed:
                await context.Publish(gateFailed.Event);
                break;
        }
    }

    public async Task Consume(ConsumeContext<RevertIntegration> context)
    {
        using var scope = logger.BeginRunScope(context.Message.RunId, context.Message.RunName);
        await context.Publish(await integrator.RevertAsync(context.Message, context.CancellationToken));
    }
}
