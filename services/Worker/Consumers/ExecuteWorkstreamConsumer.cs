using MassTransit;

using Uet.Contracts;
using Uet.Worker.Lifecycle;

namespace Uet.Worker.Consumers;

/// <summary>Competing consumer on the shared <c>worker</c> queue: returns once the attempt has started on a slot.</summary>
public sealed class ExecuteWorkstreamConsumer(WorkerRuntime runtime) : IConsumer<ExecuteWorkstream>
{
    public Task Consume(ConsumeContext<ExecuteWorkstream> context) => runtime.AcceptAsync(context.Message, context.CancellationToken);
}
