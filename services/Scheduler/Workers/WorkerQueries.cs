using Microsoft.EntityFrameworkCore;

using Uet.Scheduler.Persistence;

namespace Uet.Scheduler.Workers;

/// <summary>The worker registry for `uet workers`.</summary>
public sealed class WorkerQueries(IDbContextFactory<SchedulerDbContext> databases)
{
    public async Task<IReadOnlyList<WorkerRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var rows = await db.Set<WorkerRow>().AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.WorkerId, StringComparer.Ordinal).ToList();
    }
}
