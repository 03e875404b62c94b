using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Uet.Persistence;

/// <summary>
/// Brings a service's tables up to date (run at start-up, before the bus starts), logging each migration it applies.
/// Safe to run from several processes: EF Core serialises concurrent migrations.
/// </summary>
public static class DatabaseMigration
{
    public static async Task MigrateAsync<TContext>(IServiceProvider services, string name, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        await MigrateAsync(
            services.GetRequiredService<IDbContextFactory<TContext>>(),
            services.GetService<ILoggerFactory>()?.CreateLogger(typeof(DatabaseMigration)),
            name,
            cancellationToken);
    }

    public static async Task MigrateAsync<TContext>(IDbContextFactory<TContext> factory, ILogger? logger, string name, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(factory);
        logger ??= NullLogger.Instance;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("{Name} database ({Provider}) is up to date", name, db.Database.ProviderName);
            return;
        }

        foreach (var migration in pending)
        {
            logger.LogInformation("{Name} database ({Provider}): applying migration {Migration}", name, db.Database.ProviderName, migration);
        }

        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("{Name} database: {Count} migration(s) applied", name, pending.Count);
    }
}
