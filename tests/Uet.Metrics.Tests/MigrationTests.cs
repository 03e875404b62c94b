using Microsoft.EntityFrameworkCore;

using Uet.Metrics.Store;
using Uet.Persistence;

namespace Uet.Metrics.Tests;

public sealed class MigrationTests
{
    [Theory]
    [InlineData("Data Source=unused.db")]
    [InlineData("Host=localhost;Database=unused;Username=unused")]
    public void The_checked_in_migrations_match_the_model(string connectionString)
    {
        // Compares the model with the provider's migration snapshot; no connection is opened.
        using var db = new MetricsDbContextFactory(new PersistenceOptions { ConnectionString = connectionString }).CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name}: the model changed; add a migration for both providers (services/Metrics/README.md).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}
