using MassTransit;

using Uet.Contracts;
using Uet.Worker.Workspaces;

namespace Uet.Worker.Consumers;

/// <summary>When a run ends, each replica removes the slot worktrees that run last used.</summary>
public sealed class RunEndedConsumer(WorkspacePool pool) :
    IConsumer<RunCompleted>,
    IConsumer<RunFailed>,
    IConsumer<RunCancelled>,
    IConsumer<RunHalted>
{
    public Task Consume(ConsumeContext<RunCompleted> context) => pool.RemoveRunAsync(context.Message.RunId);

    public Task Consume(ConsumeContext<RunFailed> context) => pool.RemoveRunAsync(context.Message.RunId);

    public Task Consume(ConsumeContext<RunCancelled> context) => pool.RemoveRunAsync(context.Message.RunId);

    public Task Consume(ConsumeContext<RunHalted> context) => pool.RemoveRunAsync(context.Message.RunId);
}
