using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Saga;

namespace Uet.Scheduler.Leases;

/// <summary>
/// Finds running attempts whose heartbeats stopped, from the database (not from this process's memory, so a
/// restarted or second Scheduler finds them too), and reports each as <see cref="LeaseExpired"/> to its run saga.
/// Several watchdogs may report the same lease: the saga acts on the first and ignores the rest as stale.
/// </summary>
public sealed class LeaseWatchdog(
    IDbContextFactory<SchedulerDbContext> databases,
    IBus bus,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<LeaseWatchdog> logger) : BackgroundService
{
    private static readonly string[] LiveRunStates = [RunPhases.Running, RunPhases.Failing, RunPhases.Cancelling];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LeaseCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database or the broker is away for a moment: the next tick tries again.
                logger.LogWarning("Lease check failed: {Error}", e.Message);
            }
        }
    }

    /// <summary>One pass: publishes a <see cref="LeaseExpired"/> per expired lease and returns how many.</summary>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.LeaseDuration;
        await using var db = await databases.CreateDbContextAsync(ct);
        // Running attempts are few (at most max_workers per run), so the time filter runs here rather than in SQL,
        // where SQLite cannot compare DateTimeOffset values.
        var running = await db.Set<WorkstreamRow>().AsNoTracking()
            .Where(w => w.State == WorkstreamStates.Running)
            .Join(db.Set<RunState>().Where(r => LiveRunStates.Contains(r.CurrentState)), w => w.RunId, r => r.CorrelationId, (w, _) => w)
            .ToListAsync(ct);
        var expired = running.Where(w => (w.LastHeartbeat ?? w.StartedAt ?? now) < cutoff).ToList();
        foreach (var w in expired)
        {
            var last = w.LastHeartbeat ?? w.StartedAt ?? now;
            logger.LogWarning("Lease of {Workstream} attempt {Attempt} on worker {Worker} expired: last heartbeat {Last:O}", w.WorkstreamId, w.Attempt, w.WorkerId, last);
            await bus.Publish(new LeaseExpired(w.RunId, w.WorkstreamId, w.Attempt, w.WorkerId, last, now), ct);
        }

        return expired.Count;
    }
}
