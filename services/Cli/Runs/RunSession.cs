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
    private bool _started;

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
        var session = await OpenAsync(state, runName, workerSlots, ct);
        if (session is null)
        {
            return null;
        }

        try
        {
            await session.StartAsync(ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes the run's lock, builds the host and brings its databases up to date, but starts nothing: until
    /// <see cref="StartAsync(CancellationToken)"/> no message flows and no run moves, so a caller may still back out.
    /// Null when another process holds the run.
    /// </summary>
    public static async Task<RunSession?> OpenAsync(StateDirectory state, string runName, int workerSlots, CancellationToken ct)
    {
        state.EnsureCreated();
        var runLock = RunLock.TryAcquire(state, runName);
        if (runLock is null)
        {
            return null;
        }

        IHost? host = null;
        try
        {
            host = EmbeddedHost.Build(state, runName, workerSlots);
            // Three database files, three models to build: side by side, each on its own thread (SQLite's calls are
            // synchronous, so without Task.Run they would still run one after the other).
            await Task.WhenAll(
                Task.Run(() => SchedulerDatabase.MigrateAsync(host.Services, ct), ct),
                Task.Run(() => CostDatabase.MigrateAsync(host.Services, ct), ct),
                Task.Run(() => MetricsDatabase.MigrateAsync(host.Services, ct), ct));
            var eventsBefore = await host.Services.GetRequiredService<EventQueries>().LastSequenceAsync(ct);
            return new RunSession(host, runLock, runName, eventsBefore);
        }
        catch
        {
            host?.Dispose();
            runLock.Dispose();
            throw;
        }
    }

    /// <summary>Starts the bus and every service: from here on this process hosts the run.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _host.Services.GetRequiredService<HostedRuns>().Add(RunName);
        // Set first: a start that fails half-way still has services to stop.
        _started = true;
        await _host.StartAsync(ct);
    }

    /// <summary>
    /// Follows the run to a final state; Ctrl+C cancels it (see <see cref="RunFollower"/>). Once it ended, waits (up to
    /// 10 s) for its end event to reach the event store: the saga publishes it after committing the state followed here,
    /// and stopping the host at once could drop it.
    /// </summary>
    public async Task<RunDetails?> FollowAsync(StateDirectory state, ICliConsole cli, TimeProvider time)
    {
        var ended = _host.Services.GetRequiredService<RunEnds>().Ended(RunId);
        var final = await RunFollower.FollowAsync(cli, new RunReader(state), RunName, reason => Bus.Publish(new CancelRun(RunId, reason)), time, ended);
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
            if (!_started)
            {
                return;
            }

            // 50 ms without a message in flight: in memory a published message reaches its receiver in well under a
            // millisecond, and by now the run's end is stored, so what is left are a few trailing events.
            await _host.Services.GetRequiredService<BusQuiescence>().WaitAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            _lock.Dispose();
        }
    }
}
