using System.Linq.Expressions;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class RunQueriesTests : SagaTestBase
{
    [Fact]
    public async Task Status_shows_the_run_and_every_workstream_by_name_or_id()
    {
        var run = new RunDriver(Host, "status");
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"]), Ws("c")), Options("status", maxWorkers: 1));
        await run.CompleteAsync("a");
        await run.Dispatched("c");
        await run.StartedAsync("c");

        var byName = await Host.Queries.GetRunAsync("status");
        var byId = await Host.Queries.GetRunAsync(run.RunId.ToString());
        Assert.NotNull(byName);
        Assert.NotNull(byId);
        Assert.Equal(byName, byId with { Counts = byName.Counts, Workstreams = byName.Workstreams });
        Assert.Equal(byName.Workstreams, byId.Workstreams);

        Assert.Equal(RunPhases.Running, byName.State);
        Assert.Equal("uet/status/integration", byName.IntegrationBranch);
        Assert.Equal(RunDriver.HeadAfter("a", 1), byName.IntegrationHead);
        Assert.Equal("/repo/status", byName.RepoPath);
        Assert.Equal(1, byName.Counts[WorkstreamStates.Done]);
        Assert.Equal(1, byName.Counts[WorkstreamStates.Running]);
        Assert.Equal(1, byName.Counts[WorkstreamStates.Ready]); // b: its dependency is done, no worker free
        Assert.Equal(0, byName.Counts[WorkstreamStates.Failed]);
        Assert.Equal(["a", "b", "c"], byName.Workstreams.Select(w => w.Id));

        var a = byName.Workstreams[0];
        Assert.Equal((WorkstreamStates.Done, 1, "uet/status/a", RunDriver.CommitOf("a", 1), 1), (a.State, a.Attempt, a.Branch, a.Commit, a.IntegratedOrder));
        Assert.NotNull(a.StartedAt);
        Assert.NotNull(a.FinishedAt);
        var c = byName.Workstreams[2];
        Assert.Equal((WorkstreamStates.Running, "worker-1"), (c.State, c.WorkerId));

        Assert.Null(await Host.Queries.GetRunAsync("no-such-run"));
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_with_progress()
    {
        var older = new RunDriver(Host, "older");
        await older.StartAsync(Plan(Ws("a")), Options("older"));
        await older.CompleteAsync("a");
        await older.Outcome<RunCompleted>();
        var newer = new RunDriver(Host, "newer");
        await newer.StartAsync(Plan(Ws("x"), Ws("y")), Options("newer"));

        var runs = await Host.Queries.ListRunsAsync();
        Assert.Equal(["newer", "older"], runs.Select(r => r.RunName));
        Assert.Equal((RunPhases.Running, 2, 0), (runs[0].State, runs[0].Workstreams, runs[0].Done));
        Assert.Equal((RunPhases.Completed, 1, 1), (runs[1].State, runs[1].Workstreams, runs[1].Done));
        Assert.NotNull(runs[1].FinishedAt);
    }

    [Fact]
    public async Task Status_reads_every_column_of_the_run_but_its_plan()
    {
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<SchedulerDbContext>>().CreateDbContextAsync();
        var mapped = db.Model.FindEntityType(typeof(RunState))!.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => p.Name);

        var read = ((MemberInitExpression)RunQueries.WithoutPlan.Body).Bindings.Select(b => b.Member.Name);

        Assert.Equal(mapped.Where(n => n != nameof(RunState.PlanJson)).Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }
}
