using Microsoft.EntityFrameworkCore;

using Uet.Contracts;
using Uet.Persistence.Outbox;
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

    public DbSet<WorkstreamRow> RunWorkstreams => Set<WorkstreamRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var run = modelBuilder.Entity<RunState>();
        run.ToTable("Runs");
        run.ConfigureSagaEntity();
        run.Property(x => x.CurrentState).HasMaxLength(64);
        run.Property(x => x.RunName).HasMaxLength(200);
        run.HasIndex(x => x.RunName);
        run.Property(x => x.FailurePolicy).HasConversion<string>().HasMaxLength(32);
        run.Property(x => x.BudgetMode).HasConversion<string>().HasMaxLength(16);
        run.Property(x => x.BudgetNotice).HasMaxLength(1000);

        run.Property(x => x.Options)
            .HasColumnName("OptionsJson")
            .HasConversion(
                v => v == null ? null : SchedulerJson.Serialize(v, SchedulerJson.Options),
                v => v == null ? null : SchedulerJson.Deserialize<RunOptions>(v, SchedulerJson.Options));

        run.Ignore(x => x.Workstreams);
        run.Ignore(x => x.PendingOutbox);
        run.Ignore(x => x.Finished);

        var worker = modelBuilder.Entity<Workers.WorkerRow>();
        worker.ToTable("Workers");
        worker.HasKey(x => x.WorkerId);
        worker.Property(x => x.WorkerId).HasMaxLength(200);
        worker.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        worker.Property(x => x.WorkstreamId).HasMaxLength(200);
        worker.Property(x => x.Host).HasMaxLength(200);

        // Messages the saga produces and messages it has handled, written in the saga's own transaction.
        modelBuilder.AddUetOutbox();

        var workstream = modelBuilder.Entity<WorkstreamRow>();
        workstream.ToTable("RunWorkstreams");
        workstream.HasKey(x => new { x.RunId, x.WorkstreamId });
        workstream.HasOne<RunState>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        workstream.Property(x => x.WorkstreamId).HasMaxLength(200);
        workstream.Property(x => x.State).HasMaxLength(16);
        workstream.Property(x => x.FailureKind).HasConversion<string>().HasMaxLength(32);
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
