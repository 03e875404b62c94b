using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

using Uet.Persistence;

namespace Uet.Scheduler.Persistence;

/// <summary>
/// Hands out the provider's <see cref="SchedulerDbContext"/> subclass (so its own migrations apply) from a
/// pool: the saga opens a context for every message, and a pooled one skips EF Core's set-up each time.
/// </summary>
public sealed class SchedulerDbContextFactory : IDbContextFactory<SchedulerDbContext>
{
    private readonly Func<SchedulerDbContext> _create;

    public SchedulerDbContextFactory(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Persistence = options;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new PooledDbContextFactory<SqliteSchedulerDbContext>(
                    new DbContextOptionsBuilder<SqliteSchedulerDbContext>().UseUetDatabase(options).Options);
                _create = sqlite.CreateDbContext;
                break;
            default:
                var postgres = new PooledDbContextFactory<PostgresSchedulerDbContext>(
                    new DbContextOptionsBuilder<PostgresSchedulerDbContext>().UseUetDatabase(options, SchedulerDbContext.Schema).Options);
                _create = postgres.CreateDbContext;
                break;
        }
    }

    public PersistenceOptions Persistence { get; }

    public SchedulerDbContext CreateDbContext() => _create();
}
