using Microsoft.EntityFrameworkCore;

using Uet.Cost.Model;

namespace Uet.Cost.Persistence;

/// <summary>
/// The Cost service's tables: the usage ledger and the budgets. One subclass per provider
/// (<see cref="SqliteCostDbContext"/>, <see cref="PostgresCostDbContext"/>) because migrations are provider-specific;
/// code that reads or writes uses this base type. Money columns are exact decimals: PostgreSQL <c>numeric</c>
/// (no fixed scale), SQLite text (EF Core's decimal mapping; sums are done in .NET, never in SQLite's floats).
/// </summary>
public abstract class CostDbContext : DbContext
{
    /// <summary>The Cost service's PostgreSQL schema (SQLite has none; there it has its own file).</summary>
    public const string Schema = "cost";

    protected CostDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<UsageEntry> Usage => Set<UsageEntry>();

    public DbSet<BudgetRow> Budgets => Set<BudgetRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var usage = modelBuilder.Entity<UsageEntry>();
        usage.ToTable("UsageEntries");
        // The report's identity is the key: a second insert of the same report inserts nothing.
        usage.HasKey(x => new { x.RunId, x.WorkstreamId, x.Attempt, x.Sequence });
        usage.Property(x => x.WorkstreamId).HasMaxLength(200);
        usage.Property(x => x.Model).HasMaxLength(200);
        usage.Property(x => x.PriceEntry).HasMaxLength(200);
        usage.Property(x => x.PriceSource).HasConversion<string>().HasMaxLength(16);
        usage.Property(x => x.PriceRule).HasConversion<string>().HasMaxLength(16);
        usage.Ignore(x => x.Tokens);
        usage.HasIndex(x => new { x.RunId, x.Model });

        var budget = modelBuilder.Entity<BudgetRow>();
        budget.ToTable("Budgets");
        budget.HasKey(x => new { x.RunId, x.WorkstreamId });
        budget.Property(x => x.WorkstreamId).HasMaxLength(200);
        budget.Property(x => x.Mode).HasConversion<string>().HasMaxLength(16);
        budget.Ignore(x => x.IsRun);
        budget.Ignore(x => x.State);
    }
}

/// <summary>The embedded mode's SQLite database (Migrations/Sqlite).</summary>
public sealed class SqliteCostDbContext(DbContextOptions<SqliteCostDbContext> options) : CostDbContext(options);

/// <summary>The distributed mode's PostgreSQL schema <c>cost</c> (Migrations/Postgres).</summary>
public sealed class PostgresCostDbContext(DbContextOptions<PostgresCostDbContext> options) : CostDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
