using Microsoft.EntityFrameworkCore;
using Uet.Persistence;

namespace Uet.Scheduler.Persistence;

/// <summary>
/// Hands out the provider's <see cref="SchedulerDbContext"/> subclass (so its own migrations apply),
/// with options built once: EF Core then reuses its internal services for every context.
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
                var sqlite = new DbContextOptionsBuilder<SqliteSchedulerDbContext>().UseUetDatabase(options).Options;
                _create = () => new SqliteSchedulerDbContext(sqlite);
                break;
            default:
                var postgres = new DbContextOptionsBuilder<PostgresSchedulerDbContext>().UseUetDatabase(options, SchedulerDbContext.Schema).Options;
                _create = () => new PostgresSchedulerDbContext(postgres);
                break;
        }
    }

    public PersistenceOptions Persistence { get; }

    public SchedulerDbContext CreateDbContext() => _create();
}
