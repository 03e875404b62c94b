using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Uet.Persistence.Outbox;

/// <summary>
/// Keeps the outbox short and complete: deletes rows the broker confirmed, and republishes (same MessageId) rows
/// that a process committed but never got out, e.g. because it was killed between its commit and its publish.
/// Receivers see such a message at most twice; the inbox and attempt numbers make the second one a no-op.
/// </summary>
public sealed class OutboxDeliveryService<TDbContext>(
    IDbContextFactory<TDbContext> databases,
    IBus bus,
    OutboxTracker tracker,
    OutboxOptions options,
    TimeProvider time,
    ILogger<OutboxDeliveryService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        var nextRedelivery = time.GetUtcNow();
        var nextInboxCleanup = time.GetUtcNow();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DeleteConfirmedAsync(stoppingToken);
                var now = time.GetUtcNow();
                if (now >= nextRedelivery)
                {
                    nextRedelivery = now + options.RedeliverAfter / 2;
                    await RedeliverAsync(stoppingToken);
                }

                if (now >= nextInboxCleanup)
                {
                    nextInboxCleanup = now + TimeSpan.FromMinutes(10);
                    await ForgetOldInboxAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Outbox sweep failed (the next one tries again): {Error}", e.Message);
            }
        }
    }

    /// <summary>
    /// Deletes what was confirmed since the last sweep before the process goes. Without it, the last messages of a
    /// stopping process stay in the outbox and the next start republishes them as if they had been lost.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            while (await DeleteConfirmedAsync(cancellationToken) > 0)
            {
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Outbox: confirmed rows not deleted at stop (the next start republishes them): {Error}", e.Message);
        }
    }

    /// <summary>
    /// Deletes, in one statement, up to 500 rows whose messages the broker confirmed since the last call; returns how
    /// many it took.
    /// </summary>
    public async Task<int> DeleteConfirmedAsync(CancellationToken ct)
    {
        var delivered = tracker.TakeDelivered(500, time.GetUtcNow());
        if (delivered.Count == 0)
        {
            return 0;
        }

        await using var db = await databases.CreateDbContextAsync(ct);
        await db.Set<OutboxMessage>().Where(m => delivered.Contains(m.Id)).ExecuteDeleteAsync(ct);
        return delivered.Count;
    }

    /// <summary>
    /// Republishes rows older than <see cref="OutboxOptions.RedeliverAfter"/>, oldest first, and deletes each once
    /// sent: their process died after its commit, or their publish failed (broker away). Returns how many.
    /// </summary>
    public async Task<int> RedeliverAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var olderThan = (time.GetUtcNow() - options.RedeliverAfter).ToUnixTimeMilliseconds();
        var stale = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.CreatedAtMs < olderThan)
            .OrderBy(m => m.Sequence)
            .Take(500)
            .ToListAsync(ct);
        foreach (var row in stale)
        {
            var (message, type) = row.Read();
            await bus.Publish(message, type, c => c.MessageId = row.Id, ct);
            await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteDeleteAsync(ct);
        }

        if (stale.Count > 0)
        {
            logger.LogWarning("Outbox: republished {Count} message(s) that were committed but not confirmed", stale.Count);
        }

        return stale.Count;
    }

    private async Task ForgetOldInboxAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var forgetBefore = (time.GetUtcNow() - options.InboxRetention).ToUnixTimeMilliseconds();
        await db.Set<InboxMessage>().Where(m => m.ReceivedAtMs < forgetBefore).ExecuteDeleteAsync(ct);
    }
}
