using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

using Uet.Persistence;

namespace Uet.Cost.Persistence;

/// <summary>Hands out the provider's <see cref="CostDbContext"/> subclass (so its own migrations apply) from a pool.</summary>
public sealed class CostDbContextFactory : IDbContextFactory<CostDbContext>
{
    private readonly Func<CostDbContext> _create;

    public CostDbContextFactory(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Persistence = options;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new PooledDbContextFactory<SqliteCostDbContext>(
                    new DbContextOptionsBuilder<SqliteCostDbContext>().UseUetDatabase(options).Options);
                _create = sqlite.CreateDbContext;
                break;
            default:
                var postgres = new PooledDbContextFactory<PostgresCostDbContext>(
                    new DbContextOptionsBuilder<PostgresCostDbContext>().UseUetDatabase(options, CostDbContext.Schema).Options);
                _create = postgres.CreateDbContext;
                break;
        }
    }

    public PersistenceOptions Persistence { get; }

    public CostDbContext CreateDbContext() => _create();
}
