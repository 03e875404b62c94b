using Uet.Persistence;

namespace Uet.Scheduler.Persistence;

public static class SchedulerDatabase
{
    /// <summary>Brings the Scheduler's tables up to date at start-up (see <see cref="DatabaseMigration"/>).</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        DatabaseMigration.MigrateAsync<SchedulerDbContext>(services, "Scheduler", cancellationToken);
}
