using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Persistence;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;
using Uet.Scheduler.Tests.Infrastructure;

namespace Uet.Scheduler.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Runs_stored_before_workstream_rows_keep_their_workstreams()
    {
        using var database = new TempSqliteDatabase();
        var factory = new SchedulerDbContextFactory(database.Options);
        var runId = Guid.NewGuid();
        await using (var db = factory.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261124015959_InitialCreate");
            const string workstreams = """
                {"a":{"State":"DONE","Attempt":2,"Failures":1,"Commit":"c1","FinishedAt":"2026-11-24T02:00:00+00:00","IntegratedOrder":1,"FailureKind":"MergeConflict"},
                 "b":{"State":"PENDING","Attempt":0,"Failures":0}}
                """;
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Runs" ("CorrelationId", "CurrentState", "Version", "RunName", "WorkstreamsJson", "IntegrationCount",
                    "IntegrationReverted", "RevertRequested", "CreatedAt", "UpdatedAt", "MaxWorkers", "FailurePolicy", "MaxAttempts")
                VALUES ({0}, 'Halted', 7, 'old-run', {1}, 1, 0, 0, '2026-11-24 01:00:00+00:00', '2026-11-24 02:00:00+00:00', 4, 'FailFast', 1)
                """,
                runId,
                workstreams);
        }

        var services = new ServiceCollection().AddLogging().AddSchedulerPersistence(database.Options).BuildServiceProvider();
        await SchedulerDatabase.MigrateAsync(services);

        var run = await services.GetRequiredService<RunQueries>().LoadStateAsync(runId);
        Assert.NotNull(run);
        Assert.Equal("Halted", run.CurrentState);
        Assert.Equal(["a", "b"], run.Workstreams.Keys.Order(StringComparer.Ordinal));
        var a = run.Workstreams["a"];
        Assert.Equal((WorkstreamStates.Done, 2, 1, "c1", 1, FailureKind.MergeConflict), (a.State, a.Attempt, a.Failures, a.Commit, a.IntegratedOrder, a.FailureKind));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero), a.FinishedAt);
        Assert.Equal(WorkstreamStates.Pending, run.Workstreams["b"].State);
    }
}
