using Microsoft.Extensions.Hosting;

using Uet.Worker.Workspaces;

namespace Uet.Worker.Lifecycle;

/// <summary>
/// Publishes the replica's lifecycle around the host's: Spawning and Idle once every hosted service (the bus among
/// them) has started; on stop, before the bus stops, Draining while attempts still run, then Terminated; finally the
/// slot worktrees are removed.
/// </summary>
internal sealed class WorkerLifecycleService(WorkerRuntime runtime, WorkerStatusReporter status, WorkspacePool pool) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await status.SpawningAsync(cancellationToken);
        await status.ReadyAsync(cancellationToken);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => runtime.DrainAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => pool.RemoveAllAsync(CancellationToken.None);
}
