using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

using Uet.Persistence;

namespace Uet.Scheduler.Persistence;

// Used only by `dotnet ef migrations add` (see README.md); the connection strings are never opened.
internal sealed class SqliteSchedulerDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSchedulerDbContext>
{
    public SqliteSchedulerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSchedulerDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Data Source=design-time.db" })
            .Options);
}

internal sealed class PostgresSchedulerDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSchedulerDbContext>
{
    public PostgresSchedulerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSchedulerDbContext>()
            .UseUetDatabase(new PersistenceOptions { ConnectionString = "Host=localhost;Database=uet;Username=uet" }, SchedulerDbContext.Schema)
            .Options);
}
