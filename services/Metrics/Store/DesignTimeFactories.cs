using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

using Uet.Persistence;

namespace Uet.Metrics.Store;

// Used only by `dotnet ef migrations add` (see README.md); the connection strings are never opened.
internal sealed class SqliteMetricsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMetricsDbContext>
{
    public SqliteMetricsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMetricsDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Data Source=design-time.db" })
            .Options);
}

internal sealed class PostgresMetricsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMetricsDbContext>
{
    public PostgresMetricsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMetricsDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Host=localhost;Database=uet;Username=uet" }, MetricsDbContext.Schema)
            .Options);
}
