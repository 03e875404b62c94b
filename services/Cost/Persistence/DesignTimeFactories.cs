using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

using Uet.Persistence;

namespace Uet.Cost.Persistence;

// Used only by `dotnet ef migrations add` (see README.md); the connection strings are never opened.
internal sealed class SqliteCostDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCostDbContext>
{
    public SqliteCostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCostDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Data Source=design-time.db" })
            .Options);
}

internal sealed class PostgresCostDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCostDbContext>
{
    public PostgresCostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCostDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Host=localhost;Database=uet;Username=uet" }, CostDbContext.Schema)
            .Options);
}
