using Uet.Persistence;

namespace Uet.Cost.Persistence;

public static class CostDatabase
{
    /// <summary>Brings the Cost tables up to date at start-up (see <see cref="DatabaseMigration"/>).</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        DatabaseMigration.MigrateAsync<CostDbContext>(services, "Cost", cancellationToken);
}
