using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Spectre.Console;

using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Contracts;
using Uet.Cost.Persistence;
using Uet.Metrics.Store;
using Uet.Scheduler;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Runs;

/// <summary>
/// One run hosted in this process (for <c>uet run</c>, <c>uet resume</c>, or cancelling an interrupted run):
/// owns the embedded host and the run's lock, follows the run to its end, and turns Ctrl+C into a cancel.
/// </summary>
internal sealed class RunSession : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RunLock _lock;
    private readonly long _eventsBefore;

    private RunSession(IHost host, RunLock runLock, string runName, long eventsBefore)
    {
        _host = host;
        _lock = runLock;
        _eventsBefore = eventsBefore;
        RunName = runName;
        RunId = Naming.RunIdFor(runName);
    }

    public string RunName { get; }

    public Guid RunId { get; }

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public static async Task<RunSession?> StartAsync(StateDirectory state, string runName, int workerSlots, CancellationToken ct)
    {
        state.EnsureCreated();
        var runLock = RunLock.TryAcquire(state, runName);
        if (runLock is null)
        {
            return null;
        }

        var host = EmbeddedHost.Build(state, runName, workerSlots);
        await SchedulerDatabase.MigrateAsync(host.Services, ct);
        await CostDatabase.MigrateAsync(host.Services, ct);
        await MetricsDatabase.MigrateAsync(host.Services, ct);
        var eventsBefore = await host.Services.GetRequiredService<EventQueries>().LastSequenceAsync(ct);
        host.Services.GetRequiredService<HostedRuns>().Add(runName);
        await host.StartAsync(ct);
        return new RunSession(host, runLock, runName, eventsBefore);
    }

    /// <summary>
    /// Follows the run to a final state; Ctrl+C cancels it (see <see cref="RunFollower"/>). Once it ended, waits (up to
    /// 10 s) for its end event to reach the event store: the saga publishes it after committing the state followed here,
    /// and stopping the host at once could drop it.
    /// </summary>
    public async Task<RunDetails?> FollowAsync(StateDirectory state, ICliConsole cli, TimeProvider time)
    {
        var final = await RunFollower.FollowAsync(cli, new RunReader(state), RunName, reason => Bus.Publish(new CancelRun(RunId, reason)), time);
        if (final is not null && final.IsFinal())
        {
            await _host.Services.GetRequiredService<EventQueries>().WaitForRunEndAsync(RunId, _eventsBefore, TimeSpan.FromSeconds(10), time);
        }
        return final;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.Services.GetRequiredService<BusQuiescence>().WaitAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            _lock.Dispose();
        }
    }
}
