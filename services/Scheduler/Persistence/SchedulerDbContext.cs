using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Uet.Contracts;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Model;

namespace Uet.Scheduler.Persistence;

/// <summary>
/// The Scheduler's tables. Each provider has its own subclass (<see cref="SqliteSchedulerDbContext"/>,
/// <see cref="PostgresSchedulerDbContext"/>) because EF Core migrations are provider-specific;
/// code that only reads or writes uses this base type.
/// </summary>
public abstract class SchedulerDbContext : DbContext
{
    /// <summary>The Scheduler's PostgreSQL schema (SQLite has none).</summary>
    public const string Schema = "scheduler";

    protected SchedulerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<RunState> Runs => Set<RunState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<RunState>();
        run.ToTable("Runs");
        run.ConfigureSagaEntity();
        run.Property(x => x.CurrentState).HasMaxLength(64);
        run.Property(x => x.RunName).HasMaxLength(200);
        run.HasIndex(x => x.RunName);
        run.Property(x => x.FailurePolicy).HasConversion<string>().HasMaxLength(32);

        run.Property(x => x.Options)
            .HasColumnName("OptionsJson")
            .HasConversion(
                v => v == null ? null : SchedulerJson.Serialize(v, SchedulerJson.Options),
                v => v == null ? null : SchedulerJson.Deserialize<RunOptions>(v, SchedulerJson.Options));

        run.Property(x => x.Workstreams)
            .HasColumnName("WorkstreamsJson")
            .HasConversion(
                v => SchedulerJson.Serialize(v, SchedulerJson.Compact),
                v => new Dictionary<string, WorkstreamProgress>(SchedulerJson.Deserialize<Dictionary<string, WorkstreamProgress>>(v, SchedulerJson.Compact), StringComparer.Ordinal),
                WorkstreamsComparer);
    }

    /// <summary>
    /// The dictionary is changed in place, so EF must compare contents, not the reference. Its values are
    /// immutable records: a shallow copy is a full snapshot and record equality compares them.
    /// </summary>
    private static readonly ValueComparer<Dictionary<string, WorkstreamProgress>> WorkstreamsComparer = new(
        (a, b) => SameWorkstreams(a, b),
        d => d.Count,
        d => new Dictionary<string, WorkstreamProgress>(d, StringComparer.Ordinal));

    private static bool SameWorkstreams(Dictionary<string, WorkstreamProgress>? a, Dictionary<string, WorkstreamProgress>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }
        foreach (var (id, progress) in a)
        {
            if (!b.TryGetValue(id, out var other) || !progress.Equals(other))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>The embedded mode's SQLite database (Migrations/Sqlite).</summary>
public sealed class SqliteSchedulerDbContext(DbContextOptions<SqliteSchedulerDbContext> options) : SchedulerDbContext(options);

/// <summary>The distributed mode's PostgreSQL schema <c>scheduler</c> (Migrations/Postgres).</summary>
public sealed class PostgresSchedulerDbContext(DbContextOptions<PostgresSchedulerDbContext> options) : SchedulerDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
