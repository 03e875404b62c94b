using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using Uet.Persistence;
using Uet.Persistence.Sagas;

namespace Uet.Scheduler.Tests;

/// <summary>
/// The saga's own writer on rows it maps itself and on rows it leaves to EF Core (a key the database generates), in a
/// throw-away SQLite database. The saga's real tables are covered by the repository and saga tests.
/// </summary>
public sealed class SagaChangeWriterTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Rows_it_maps_are_inserted_updated_and_deleted_and_a_stale_token_is_refused()
    {
        await using (var db = NewContext())
        {
            db.AddRange(new Plain { Id = "a", Text = "one", Stamp = 1 }, new Plain { Id = "b", Text = "two", Stamp = 1 });
            await Write(db);
        }

        await using (var db = NewContext())
        {
            var a = await db.Plains.SingleAsync(p => p.Id == "a");
            a.Text = "changed";
            a.Stamp = 2;
            db.Remove(await db.Plains.SingleAsync(p => p.Id == "b"));
            db.Add(new Plain { Id = "c", Text = "three", Stamp = 1 });
            await Write(db);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        }

        await using (var stale = NewContext())
        {
            var a = await stale.Plains.AsNoTracking().SingleAsync(p => p.Id == "a");
            a.Stamp = 1; // as another writer last read it
            stale.Attach(a);
            a.Text = "lost update";
            a.Stamp = 3;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => Write(stale));
        }

        await using var check = NewContext();
        var rows = await check.Plains.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        Assert.Equal([("a", "changed", 2), ("c", "three", 1)], rows.Select(r => (r.Id, r.Text, r.Stamp)));
    }

    [Fact]
    public async Task A_row_with_a_database_generated_key_goes_through_EF_Core_with_the_rest_of_the_write()
    {
        await using (var db = NewContext())
        {
            db.Add(new Plain { Id = "p", Text = "mapped", Stamp = 1 });
            db.Add(new Generated { Text = "numbered by the database" });
            await Write(db);
            Assert.True(db.Generated.Local.Single().Id > 0);
        }

        await using var check = NewContext();
        Assert.Equal("mapped", (await check.Plains.SingleAsync(p => p.Id == "p")).Text);
        Assert.Equal("numbered by the database", (await check.Generated.SingleAsync()).Text);
    }

    [Fact]
    public async Task A_write_of_more_rows_than_one_round_trip_takes_is_kept_whole_or_not_at_all()
    {
        var rows = UetDatabaseExtensions.MaxBatchSize * 2 + 50;
        await using (var db = NewContext())
        {
            db.Add(new Plain { Id = "taken", Text = "first", Stamp = 1 });
            await Write(db);
        }

        await using (var refused = NewContext())
        {
            // The last round trip's last row collides with a row already there: the rows of the earlier ones go too.
            refused.AddRange(Enumerable.Range(0, rows - 1).Select(i => new Plain { Id = $"r{i:D4}", Text = "new", Stamp = 1 }));
            refused.Add(new Plain { Id = "taken", Text = "again", Stamp = 1 });
            await Assert.ThrowsAsync<DbUpdateException>(() => Write(refused));
        }
        await using (var check = NewContext())
        {
            Assert.Equal(["taken"], await check.Plains.AsNoTracking().Select(p => p.Id).ToListAsync());
        }

        await using (var db = NewContext())
        {
            db.AddRange(Enumerable.Range(0, rows).Select(i => new Plain { Id = $"r{i:D4}", Text = "new", Stamp = 1 }));
            await Write(db);
        }
        await using var all = NewContext();
        Assert.Equal(rows + 1, await all.Plains.CountAsync());
    }

    private static async Task Write(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        await SagaChangeWriter.WriteAsync(db, CancellationToken.None);
    }

    private WriterContext NewContext() => new(new DbContextOptionsBuilder<WriterContext>().UseSqlite(_connection).Options);

    private sealed class Plain
    {
        public string Id { get; set; } = "";
        public string Text { get; set; } = "";
        public int Stamp { get; set; }
    }

    private sealed class Generated
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }

    private sealed class WriterContext(DbContextOptions<WriterContext> options) : DbContext(options)
    {
        public DbSet<Plain> Plains => Set<Plain>();

        public DbSet<Generated> Generated => Set<Generated>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Plain>().HasKey(p => p.Id);
            modelBuilder.Entity<Plain>().Property(p => p.Stamp).IsConcurrencyToken();
        }
    }
}
