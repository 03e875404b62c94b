using Microsoft.EntityFrameworkCore;

namespace Uet.Metrics.Store;

/// <summary>
/// The event store's tables. One subclass per provider (<see cref="SqliteMetricsDbContext"/>,
/// <see cref="PostgresMetricsDbContext"/>) because EF Core migrations are provider-specific;
/// code that reads or writes uses this base type.
/// </summary>
public abstract class MetricsDbContext : DbContext
{
    /// <summary>The Metrics service's PostgreSQL schema (SQLite has none).</summary>
    public const string Schema = "metrics";

    protected MetricsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<StoredEvent> Events => Set<StoredEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var e = modelBuilder.Entity<StoredEvent>();
        e.ToTable("Events");
        e.HasKey(x => x.Sequence);
        e.Property(x => x.Sequence).ValueGeneratedOnAdd();
        e.HasIndex(x => x.MessageId).IsUnique();
        e.Property(x => x.WorkstreamId).HasMaxLength(200);
        e.Property(x => x.Type).HasMaxLength(100);
        e.HasIndex(x => new { x.RunId, x.Time, x.Sequence });
        e.HasIndex(x => new { x.Type, x.Time });
        e.HasIndex(x => x.Time);
    }
}

/// <summary>The embedded mode's SQLite database (Migrations/Sqlite).</summary>
public sealed class SqliteMetricsDbContext(DbContextOptions<SqliteMetricsDbContext> options) : MetricsDbContext(options);

/// <summary>The distributed mode's PostgreSQL schema <c>metrics</c> (Migrations/Postgres).</summary>
public sealed class PostgresMetricsDbContext(DbContextOptions<PostgresMetricsDbContext> options) : MetricsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
