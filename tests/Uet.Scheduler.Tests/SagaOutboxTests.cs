using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using Uet.Contracts;
using Uet.Persistence.Outbox;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

public sealed class SagaOutboxTests : SagaTestBase
{
    /// <summary>The tests sweep the outbox themselves: the background sweep would delete the rows they look at.</summary>
    public override async Task InitializeAsync() =>
        Host = await SchedulerTestHost.StartAsync(Database.Options, more: s => s.AddSingleton(new OutboxOptions { SweepInterval = TimeSpan.FromHours(1) }));

    [Fact]
    public async Task Messages_are_stored_with_the_saga_sent_under_their_row_id_and_deleted_once_confirmed()
    {
        var run = new RunDriver(Host, "outbox");
        await run.StartAsync(Plan(Ws("a")), Options("outbox"));
        var dispatch = await run.Dispatched("a", 1);

        var rows = await OutboxRowsAsync();
        var row = Assert.Single(rows, r => r.MessageType.StartsWith(typeof(ExecuteWorkstream).FullName!, StringComparison.Ordinal));
        Assert.Contains(run.Messages.Published<ExecuteWorkstream>(), p => p.MessageId == row.Id && p.Message.WorkstreamId == "a");
        Assert.Equal(dispatch.WorkstreamId, ((ExecuteWorkstream)row.Read().Message).WorkstreamId);

        await Delivery().DeleteConfirmedAsync(CancellationToken.None);
        Assert.Empty(await OutboxRowsAsync());
    }

    [Fact]
    public async Task Stopping_deletes_the_rows_confirmed_since_the_last_sweep_so_the_next_start_republishes_nothing()
    {
        var run = new RunDriver(Host, "stop");
        await run.StartAsync(Plan(Ws("a")), Options("stop"));
        await run.Dispatched("a", 1);
        Assert.NotEmpty(await OutboxRowsAsync());

        await Delivery().StopAsync(CancellationToken.None);

        Assert.Empty(await OutboxRowsAsync());
    }

    [Fact]
    public async Task A_row_left_by_a_process_that_died_after_its_commit_is_republished_under_the_same_id()
    {
        var run = new RunDriver(Host, "crash");
        await run.StartAsync(Plan(Ws("a")), Options("crash"));
        await run.Dispatched("a", 1);
        await Delivery().DeleteConfirmedAsync(CancellationToken.None);

        // What a commit followed by kill -9 leaves: a row that was never published.
        var lost = new WorkstreamStateChanged(run.RunId, "a", 1, "RUNNING", "lost in a crash", DateTimeOffset.UtcNow);
        var id = NewId.NextGuid();
        await using (var db = await Factory().CreateDbContextAsync())
        {
            db.Add(OutboxMessage.Create(id, run.RunId, lost, DateTimeOffset.UtcNow.AddMinutes(-1), 0));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await Delivery().RedeliverAsync(CancellationToken.None));

        var republished = await run.Messages.WaitForOne<WorkstreamStateChanged>(m => m.Detail == "lost in a crash");
        Assert.Equal(lost, republished);
        Assert.Contains(run.Messages.Published<WorkstreamStateChanged>(), p => p.MessageId == id);
        Assert.DoesNotContain(await OutboxRowsAsync(), r => r.Id == id);
    }

    [Fact]
    public async Task A_redelivered_message_is_recognised_by_its_id_and_not_handled_again()
    {
        var run = new RunDriver(Host, "inbox");
        await run.StartAsync(Plan(Ws("a")), Options("inbox"));
        await run.Dispatched("a", 1);
        var started = DateTimeOffset.UtcNow;
        var messageId = NewId.NextGuid();
        await Host.PublishWithId(new WorkstreamStarted(run.RunId, "a", 1, "worker-1", started), messageId);

        // Same MessageId, so the inbox takes it for the message it already handled; a new id would move the heartbeat.
        await Host.Harness.Bus.Publish(new WorkstreamHeartbeat(run.RunId, "a", 1, "worker-1", started.AddSeconds(30)), c => c.MessageId = messageId);
        await Host.Consumes.WaitAsync(messageId, times: 2, TimeSpan.FromMinutes(1));
        Assert.Equal(started, (await run.State()).Workstreams["a"].LastHeartbeat);

        await Host.Publish(new WorkstreamHeartbeat(run.RunId, "a", 1, "worker-1", started.AddSeconds(30)));
        Assert.Equal(started.AddSeconds(30), (await run.State()).Workstreams["a"].LastHeartbeat);
    }

    private OutboxDeliveryService<SchedulerDbContext> Delivery() =>
        Host.Services.GetServices<IHostedService>().OfType<OutboxDeliveryService<SchedulerDbContext>>().Single();

    private IDbContextFactory<SchedulerDbContext> Factory() => Host.Services.GetRequiredService<IDbContextFactory<SchedulerDbContext>>();

    private async Task<List<OutboxMessage>> OutboxRowsAsync()
    {
        await using var db = await Factory().CreateDbContextAsync();
        return await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
    }
}
