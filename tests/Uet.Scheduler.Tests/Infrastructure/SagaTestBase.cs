namespace Uet.Scheduler.Tests.Infrastructure;

/// <summary>A Scheduler on its own SQLite file per test class instance (xUnit makes one per test).</summary>
public abstract class SagaTestBase : IAsyncLifetime
{
    private readonly TempSqliteDatabase _database = new();

    internal SchedulerTestHost Host { get; set; } = null!;

    internal TempSqliteDatabase Database => _database;

    public virtual async Task InitializeAsync() => Host = await SchedulerTestHost.StartAsync(_database.Options);

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _database.Dispose();
    }
}
