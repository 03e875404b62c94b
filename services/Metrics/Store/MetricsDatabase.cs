using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

using Uet.Persistence;

namespace Uet.Metrics.Store;

public static class MetricsDatabase
{
    /// <summary>Brings the event store's tables up to date at start-up (see <see cref="DatabaseMigration"/>).</summary>
    public static Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        DatabaseMigration.MigrateAsync<MetricsDbContext>(services, "Metrics", cancellationToken);

    public static Task MigrateAsync(IDbContextFactory<MetricsDbContext> factory, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        DatabaseMigration.MigrateAsync(factory, logger, "Metrics", cancellationToken);
}
