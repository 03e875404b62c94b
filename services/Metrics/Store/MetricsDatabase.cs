using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Uet.Metrics.Store;

public static class MetricsDatabase
{
    /// <summary>
    /// Brings the event store's tables up to date (run at start-up, before the bus starts), logging each
    /// migration it applies. Safe to run from several processes: EF Core serialises concurrent migrations.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = services.GetRequiredService<IDbContextFactory<MetricsDbContext>>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(MetricsDatabase)) ?? NullLogger.Instance;
        await MigrateAsync(factory, logger, cancellationToken);
    }

    /// <inheritdoc cref="MigrateAsync(IServiceProvider, CancellationToken)"/>
    public static async Task MigrateAsync(IDbContextFactory<MetricsDbContext> factory, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        logger ??= NullLogger.Instance;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Metrics database ({Provider}) is up to date", db.Database.ProviderName);
            return;
        }
        foreach (var migration in pending)
        {
            logger.LogInformation("Metrics database ({Provider}): applying migration {Migration}", db.Database.ProviderName, migration);
        }
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Metrics database: {Count} migration(s) applied", pending.Count);
    }
}
