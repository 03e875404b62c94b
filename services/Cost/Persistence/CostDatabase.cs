using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Uet.Cost.Persistence;

public static class CostDatabase
{
    /// <summary>
    /// Brings the Cost tables up to date (run at start-up, before the bus starts), logging each migration it applies.
    /// Safe to run from several processes: EF Core serialises concurrent migrations.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = services.GetRequiredService<IDbContextFactory<CostDbContext>>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(CostDatabase)) ?? NullLogger.Instance;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Cost database ({Provider}) is up to date", db.Database.ProviderName);
            return;
        }
        foreach (var migration in pending)
        {
            logger.LogInformation("Cost database ({Provider}): applying migration {Migration}", db.Database.ProviderName, migration);
        }
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Cost database: {Count} migration(s) applied", pending.Count);
    }
}
