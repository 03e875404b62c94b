using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

using Uet.Persistence;

namespace Uet.Metrics.Store;

/// <summary>Hands out the provider's <see cref="MetricsDbContext"/> subclass (so its own migrations apply), pooled: every event opens one.</summary>
public sealed class MetricsDbContextFactory : IDbContextFactory<MetricsDbContext>
{
    private readonly Func<MetricsDbContext> _create;

    public MetricsDbContextFactory(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Persistence = options;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new PooledDbContextFactory<SqliteMetricsDbContext>(
                    new DbContextOptionsBuilder<SqliteMetricsDbContext>().UseUetDatabase(options).Options);
                _create = sqlite.CreateDbContext;
                break;
            default:
                var postgres = new PooledDbContextFactory<PostgresMetricsDbContext>(
                    new DbContextOptionsBuilder<PostgresMetricsDbContext>().UseUetDatabase(options, MetricsDbContext.Schema).Options);
                _create = postgres.CreateDbContext;
                break;
        }
    }

    public PersistenceOptions Persistence { get; }

    public MetricsDbContext CreateDbContext() => _create();
}
