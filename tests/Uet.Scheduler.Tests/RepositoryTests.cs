using MassTransit;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Persistence;
using Uet.Persistence.Outbox;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Tests.Infrastructure;

using static Uet.Scheduler.Tests.Infrastructure.TestPlans;

namespace Uet.Scheduler.Tests;

/// <summary>
/// The saga repository under concurrency: mostly with group commit and the per-run partitioner both switched off, so
/// that many messages of one run really are handled at once and only the repository's locking keeps them apart;
/// and with group commit on, to see results that arrive together share a transaction.
/// </summary>
public abstract class RepositoryTests
{
    private const int Workstreams = 24;

    internal abstract PersistenceOptions Database { get; }

    private Task<SchedulerTestHost> StartUnpartitioned() =>
        SchedulerTestHost.StartAsync(Database, o =>
        {
            o.PartitionByRun = false;
            o.GroupCommit = false;
            o.ConcurrentMessageLimit = 16;
            o.RetryLimit = 20;
        });

    protected async Task Concurrent_results_on_one_run_lose_no_update()
    {
        await using var host = await StartUnpartitioned();
        var run = new RunDriver(host, "burst-" + Guid.NewGuid().ToString("N")[..8]);
        var ids = Enumerable.Range(1, Workstreams).Select(i => $"ws{i:00}").ToArray();
        await run.StartAsync(Plan(ids.Select(id => Ws(id)).ToArray()), Options(run.RunName, maxWorkers: Workstreams));
        await run.Messages.WaitFor<ExecuteWorkstream>(m => m.RunId == run.RunId, Workstreams);

        var succeeded = await Task.WhenAll(ids.Select(id => host.PublishOnly(
            new WorkstreamSucceeded(run.RunId, id, 1, "w", Naming.WorkstreamBranch(run.RunName, id), RunDriver.CommitOf(id, 1), [], [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow))));
        await Task.WhenAll(succeeded.Select(host.Consumed<WorkstreamSucceeded>));
        await run.Messages.WaitFor<IntegrateWorkstream>(m => m.RunId == run.RunId, Workstreams);
        Assert.Single(run.Messages.All<IntegrateWorkstream>(m => m.RunId == run.RunId && m.WorkstreamId == ids[0]));

        var integrated = await Task.WhenAll(ids.Select(id => host.PublishOnly(
            new WorkstreamIntegrated(run.RunId, id, 1, RunDriver.HeadAfter(id, 1), false, DateTimeOffset.UtcNow))));
        await Task.WhenAll(integrated.Select(host.Consumed<WorkstreamIntegrated>));

        await run.Outcome<RunCompleted>();
        var state = await run.State();
        Assert.Equal(RunPhases.Completed, state.CurrentState);
        Assert.All(state.Workstreams.Values, w => Assert.Equal(WorkstreamStates.Done, w.State));
        Assert.Equal(Workstreams, state.IntegrationCount);
        Assert.Equal(Enumerable.Range(1, Workstreams), state.Workstreams.Values.Select(w => w.IntegratedOrder!.Value).Order());
        Assert.Single(run.Messages.All<RunCompleted>(m => m.RunId == run.RunId));
        Assert.Equal(Workstreams, run.Messages.All<IntegrateWorkstream>(m => m.RunId == run.RunId).Count);
    }

    /// <summary>
    /// With group commit (the default), results that queue up while the run's row is busy are applied in one
    /// transaction: the row's Version moves once per transaction, so 24 results leave it at most two versions on.
    /// </summary>
    protected async Task Results_that_arrive_together_share_one_transaction()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "group-" + Guid.NewGuid().ToString("N")[..8]);
        var ids = Enumerable.Range(1, Workstreams).Select(i => $"ws{i:00}").ToArray();
        await run.StartAsync(Plan(ids.Select(id => Ws(id)).ToArray()), Options(run.RunName, maxWorkers: Workstreams));
        await run.Messages.WaitFor<ExecuteWorkstream>(m => m.RunId == run.RunId, Workstreams);
        var before = (await run.State()).Version;
        var groups = host.Services.GetRequiredService<SagaGroupKeys<RunState>>().Groups;

        Guid[] succeeded;
        // Another transaction holds the run's row, as a slow one would: the results queue up behind it.
        await using (var holder = new SchedulerDbContextFactory(Database).CreateDbContext())
        {
            await using var held = await SagaStore.BeginAsync(holder, CancellationToken.None);
            Assert.NotNull(await SagaStore.LockAsync<RunState>(holder, run.RunId, CancellationToken.None));
            var results = ids.Select(id => new WorkstreamSucceeded(
                run.RunId, id, 1, "w", Naming.WorkstreamBranch(run.RunName, id), RunDriver.CommitOf(id, 1), [], [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)).ToList();
            succeeded = await Task.WhenAll(results.Select(host.PublishOnly));
            // A redelivery of the first result under its MessageId, in the same batch as the original: handled once.
            await host.Harness.Bus.Publish(results[0], c => c.MessageId = succeeded[0]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (groups.Waiting(run.RunId) < Workstreams + 1)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {groups.Waiting(run.RunId)} of {Workstreams + 1} results reached the saga");
                await Task.Delay(10);
            }
            await held.RollbackAsync();
        }

        await Task.WhenAll(succeeded.Select(host.Consumed<WorkstreamSucceeded>));
        var state = await run.State();
        Assert.InRange(state.Version - before, 1, 2);
        Assert.All(state.Workstreams.Values, w => Assert.Equal(WorkstreamStates.Integrating, w.State));
        await run.Messages.WaitFor<IntegrateWorkstream>(m => m.RunId == run.RunId, Workstreams);

        var integrated = await Task.WhenAll(ids.Select(id => host.PublishOnly(
            new WorkstreamIntegrated(run.RunId, id, 1, RunDriver.HeadAfter(id, 1), false, DateTimeOffset.UtcNow))));
        await Task.WhenAll(integrated.Select(host.Consumed<WorkstreamIntegrated>));
        await run.Outcome<RunCompleted>();
        state = await run.State();
        Assert.Equal(RunPhases.Completed, state.CurrentState);
        Assert.Equal(Enumerable.Range(1, Workstreams), state.Workstreams.Values.Select(w => w.IntegratedOrder!.Value).Order());
        Assert.Single(run.Messages.All<RunCompleted>(m => m.RunId == run.RunId));
    }

    protected async Task Concurrent_creators_make_one_row_and_one_run()
    {
        await using var host = await StartUnpartitioned();
        var run = new RunDriver(host, "create-" + Guid.NewGuid().ToString("N")[..8]);
        var options = Options(run.RunName);
        var plan = Plan(Ws("a"));
        var messages = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? host.PublishOnly(new SubmitPlan(run.RunId, "p", [], options, DateTimeOffset.UtcNow))
            : host.PublishOnly(new PlanAccepted(run.RunId, plan, new PlanAnalysis(), options, [], DateTimeOffset.UtcNow))));
        for (var i = 0; i < messages.Length; i++)
        {
            await (i % 2 == 0 ? host.Consumed<SubmitPlan>(messages[i]) : host.Consumed<PlanAccepted>(messages[i]));
        }

        Assert.Equal(1, await host.CountRuns(run.RunId));
        Assert.Equal(RunPhases.Running, (await run.State()).CurrentState);
        Assert.Single(run.Messages.All<RunStarted>(m => m.RunId == run.RunId));
    }

    protected async Task A_redelivered_message_changes_nothing()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "redeliver-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a"), Ws("b", ["a"])), Options(run.RunName));
        await run.Dispatched("a");
        await run.SucceededAsync("a");
        await run.IntegrationRequested("a");

        var message = new WorkstreamIntegrated(run.RunId, "a", 1, RunDriver.HeadAfter("a", 1), false, DateTimeOffset.UtcNow);
        var messageId = NewId.NextGuid();
        await host.Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await host.Consumed<WorkstreamIntegrated>(messageId);
        var first = await run.State();

        // Same message, same MessageId: what a broker does after a lost ack.
        await host.Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await host.Consumes.WaitAsync(messageId, times: 2, TimeSpan.FromMinutes(1));
        await run.IntegratedAsync("a");
        var after = await run.State();

        Assert.Equal(first.Version, after.Version);
        Assert.Equal(1, after.IntegrationCount);
        Assert.Single(run.AllDispatches(), d => d.WorkstreamId == "b");
    }

    protected async Task Two_processes_on_one_run_never_act_on_a_stale_copy()
    {
        // Each process caches the run as it last committed it; the other process's commits must invalidate that.
        await using var first = await SchedulerTestHost.StartAsync(Database);
        await using var second = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(first, "two-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a"), Ws("b"), Ws("c", ["a", "b"])), Options(run.RunName));
        await run.Dispatched("a");
        await run.Dispatched("b");

        run.Host = second;
        await run.StartedAsync("a");
        await run.SucceededAsync("a");
        run.Host = first; // its cached copy still has a dispatched, not integrating
        await run.IntegratedAsync("a");
        Assert.Equal(WorkstreamStates.Done, (await run.State()).Workstreams["a"].State);

        run.Host = second; // its cached copy has a integrating
        await run.SucceededAsync("b");
        await second.Messages.WaitForOne<IntegrateWorkstream>(m => m.RunId == run.RunId && m.WorkstreamId == "b");
        await run.IntegratedAsync("b");
        var c = await second.Messages.WaitForOne<ExecuteWorkstream>(m => m.RunId == run.RunId && m.WorkstreamId == "c");
        Assert.Equal(RunDriver.HeadAfter("b", 1), c.BaseCommit);

        var state = await run.State();
        Assert.Equal((1, 2), (state.Workstreams["a"].IntegratedOrder, state.Workstreams["b"].IntegratedOrder));
        Assert.Equal(2, state.IntegrationCount);
    }

    protected async Task The_inbox_records_a_whole_batch_at_once_and_returns_only_what_is_new()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database); // migrates
        var (a, b, c) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await using var db = new SchedulerDbContextFactory(Database).CreateDbContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var first = await SagaInbox.RecordAsync(db, [a, b, a], "RunState", 1, CancellationToken.None);
            Assert.True(first.SetEquals([a, b]), $"recorded {string.Join(", ", first)}");
            Assert.Equal([c], await SagaInbox.RecordAsync(db, [a, c], "RunState", 2, CancellationToken.None));
            Assert.False(await SagaInbox.TryRecordAsync(db, b, "RunState", 3, CancellationToken.None));
            await transaction.CommitAsync();
        }

        var stored = (await db.Set<InboxMessage>().AsNoTracking().Where(m => m.MessageId == a || m.MessageId == b || m.MessageId == c).ToListAsync())
            .ToDictionary(m => m.MessageId, m => m.ReceivedAtMs);
        Assert.Equal(3, stored.Count);
        Assert.Equal((1L, 1L, 2L), (stored[a], stored[b], stored[c]));
    }

    protected async Task The_inbox_insert_and_the_row_lock_share_one_command()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "both-" + Guid.NewGuid().ToString("N")[..8]);
        await run.AcceptAsync(Plan(Ws("a")), Options(run.RunName));
        var version = (await run.State()).Version;

        await using var db = new SchedulerDbContextFactory(Database).CreateDbContext();
        await using var transaction = await SagaStore.BeginAsync(db, CancellationToken.None);
        var message = NewId.NextGuid();
        var (recorded, locked) = await SagaInbox.RecordThenAsync(
            db, [message], "RunState", 1, SagaStore.LockStatement<RunState>(db, run.RunId), CancellationToken.None);
        Assert.Equal([message], recorded);
        Assert.Equal(version, SagaStore.VersionOf(locked));

        var (again, none) = await SagaInbox.RecordThenAsync(
            db, [message], "RunState", 2, SagaStore.LockStatement<RunState>(db, Guid.NewGuid()), CancellationToken.None);
        Assert.Empty(again);
        Assert.Null(SagaStore.VersionOf(none));
    }

    /// <summary>
    /// A wide plan's workstream rows are written in several commands of at most <see cref="UetDatabaseExtensions.MaxBatchSize"/>
    /// rows each, not one command of megabytes (which would sit on the large object heap until a full collection).
    /// PostgreSQL only: EF Core's SQLite provider sends one statement per command anyway.
    /// </summary>
    protected async Task A_wide_plan_is_stored_in_commands_of_at_most_the_batch_size()
    {
        const int wide = 250;
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "wide-" + Guid.NewGuid().ToString("N")[..8]);
        using var commands = new CommandRecorder();

        await run.AcceptAsync(Plan(Enumerable.Range(1, wide).Select(i => Ws($"ws{i:000}")).ToArray()), Options(run.RunName));

        Assert.Equal(wide, (await run.State()).Workstreams.Count);
        var rowsPerCommand = commands.Commands
            .Select(text => text.Split("INSERT INTO scheduler.\"RunWorkstreams\"").Length - 1)
            .Where(rows => rows > 0)
            .ToList();
        var seen = $"workstream rows per command: {string.Join(", ", rowsPerCommand)}";
        Assert.True(rowsPerCommand.Sum() >= wide, seen);
        Assert.All(rowsPerCommand, rows => Assert.True(rows <= UetDatabaseExtensions.MaxBatchSize, seen));
    }

    protected async Task The_version_column_rejects_a_lost_update()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "version-" + Guid.NewGuid().ToString("N")[..8]);
        await run.AcceptAsync(Plan(Ws("a")), Options(run.RunName));

        var factory = new SchedulerDbContextFactory(Database);
        await using var first = factory.CreateDbContext();
        await using var second = factory.CreateDbContext();
        var mine = await first.Runs.SingleAsync(r => r.CorrelationId == run.RunId);
        var theirs = await second.Runs.SingleAsync(r => r.CorrelationId == run.RunId);

        mine.Reason = "mine";
        await SagaStore.SaveIfChangedAsync(first, mine, CancellationToken.None);
        theirs.Reason = "theirs";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SagaStore.SaveIfChangedAsync(second, theirs, CancellationToken.None));
        Assert.Equal("mine", (await run.State()).Reason);
    }
}

public sealed class SqliteRepositoryTests : RepositoryTests, IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    internal override PersistenceOptions Database => _database.Options;

    public void Dispose() => _database.Dispose();

    [Fact]
    public Task Concurrent_results_lose_no_update() => Concurrent_results_on_one_run_lose_no_update();

    [Fact]
    public Task Results_together_one_transaction() => Results_that_arrive_together_share_one_transaction();

    [Fact]
    public Task Concurrent_creators_one_row() => Concurrent_creators_make_one_row_and_one_run();

    [Fact]
    public Task Redelivery_changes_nothing() => A_redelivered_message_changes_nothing();

    [Fact]
    public Task Inbox_records_a_batch() => The_inbox_records_a_whole_batch_at_once_and_returns_only_what_is_new();

    [Fact]
    public Task Inbox_and_lock_one_command() => The_inbox_insert_and_the_row_lock_share_one_command();

    [Fact]
    public Task Version_rejects_lost_update() => The_version_column_rejects_a_lost_update();

    [Fact]
    public Task Two_processes_one_run() => Two_processes_on_one_run_never_act_on_a_stale_copy();

    [Fact]
    public async Task A_saga_transaction_holds_the_write_lock_from_its_start()
    {
        // BEGIN IMMEDIATE: a second writer cannot even begin, so load-then-update never interleaves across processes.
        await using var host = await SchedulerTestHost.StartAsync(Database); // migrates
        var impatient = Database with
        {
            ConnectionString = new SqliteConnectionStringBuilder(Database.ConnectionString) { DefaultTimeout = 1 }.ToString(),
            SqliteBusyTimeout = TimeSpan.FromMilliseconds(100),
        };
        var factory = new SchedulerDbContextFactory(impatient);
        await using var holder = factory.CreateDbContext();
        await using var other = factory.CreateDbContext();
        await using var held = await SagaStore.BeginAsync(holder, CancellationToken.None);

        var busy = await Assert.ThrowsAsync<SqliteException>(() => SagaStore.BeginAsync(other, CancellationToken.None));
        Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        Assert.Empty(await other.Runs.AsNoTracking().ToListAsync()); // readers are not blocked (WAL)
    }
}

public sealed class PostgresRepositoryTests : RepositoryTests
{
    internal override PersistenceOptions Database => TestPostgres.Options;

    [PostgresFact]
    public Task Concurrent_results_lose_no_update() => Concurrent_results_on_one_run_lose_no_update();

    [PostgresFact]
    public Task Results_together_one_transaction() => Results_that_arrive_together_share_one_transaction();

    [PostgresFact]
    public Task Concurrent_creators_one_row() => Concurrent_creators_make_one_row_and_one_run();

    [PostgresFact]
    public Task Redelivery_changes_nothing() => A_redelivered_message_changes_nothing();

    [PostgresFact]
    public Task Inbox_records_a_batch() => The_inbox_records_a_whole_batch_at_once_and_returns_only_what_is_new();

    [PostgresFact]
    public Task Inbox_and_lock_one_command() => The_inbox_insert_and_the_row_lock_share_one_command();

    [PostgresFact]
    public Task Version_rejects_lost_update() => The_version_column_rejects_a_lost_update();

    [PostgresFact]
    public Task Wide_plan_small_commands() => A_wide_plan_is_stored_in_commands_of_at_most_the_batch_size();

    [PostgresFact]
    public Task Two_processes_one_run() => Two_processes_on_one_run_never_act_on_a_stale_copy();

    [PostgresFact]
    public async Task A_message_handled_alone_locks_its_row_in_the_same_command_as_its_inbox_insert()
    {
        // Without group commit every message goes alone (as a retry always does); it still takes one round trip for both.
        var (name, database) = await TestPostgres.CreateDatabaseAsync();
        await using var host = await SchedulerTestHost.StartAsync(database, o => o.GroupCommit = false);
        var run = new RunDriver(host, "alone-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a")), Options(run.RunName));
        await run.Dispatched("a");
        var version = (await run.State()).Version;

        using (var commands = new CommandRecorder(name))
        {
            await run.StartedAsync("a");

            var locks = commands.Commands.Where(text => text.Contains("FOR UPDATE", StringComparison.Ordinal)).ToList();
            Assert.True(locks.Count == 1, "commands that lock: " + string.Join(Environment.NewLine, locks));
            Assert.Contains("INSERT INTO scheduler.\"InboxMessages\"", locks[0], StringComparison.Ordinal);
        }

        var state = await run.State();
        Assert.Equal(WorkstreamStates.Running, state.Workstreams["a"].State);
        Assert.Equal(version + 1, state.Version);
    }

    [PostgresFact]
    public async Task A_message_on_a_run_this_process_last_wrote_is_checked_as_it_is_written_not_locked_first()
    {
        // The run as this process last committed it is in its cache: the message applies to it at once, and the write
        // carries the inbox insert and the Version check in the same round trip; no lock goes before.
        var (name, database) = await TestPostgres.CreateDatabaseAsync();
        await using var host = await SchedulerTestHost.StartAsync(database);
        var run = new RunDriver(host, "optimistic-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a")), Options(run.RunName));
        await run.Dispatched("a");
        var version = (await run.State()).Version;

        using (var commands = new CommandRecorder(name))
        {
            await run.StartedAsync("a");

            var seen = string.Join(Environment.NewLine, commands.Commands);
            Assert.DoesNotContain("FOR UPDATE", seen, StringComparison.Ordinal);
            // The outbox's sweep may delete old inbox rows meanwhile; only the saga's own write inserts one.
            var write = Assert.Single(commands.Commands, text => text.Contains("INSERT INTO scheduler.\"InboxMessages\"", StringComparison.Ordinal));
            Assert.Contains("UPDATE scheduler.\"Runs\"", write, StringComparison.Ordinal);
        }

        var state = await run.State();
        Assert.Equal(WorkstreamStates.Running, state.Workstreams["a"].State);
        Assert.Equal(version + 1, state.Version);
    }

    [PostgresFact]
    public async Task A_workstreams_row_is_written_with_only_the_columns_that_changed()
    {
        var (name, database) = await TestPostgres.CreateDatabaseAsync();
        await using var host = await SchedulerTestHost.StartAsync(database);
        var run = new RunDriver(host, "columns-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a")), Options(run.RunName));
        await run.Dispatched("a");

        string update;
        using (var commands = new CommandRecorder(name))
        {
            await run.StartedAsync("a");
            const string Prefix = "UPDATE scheduler.\"RunWorkstreams\" SET ";
            var text = Assert.Single(commands.Commands, t => t.Contains(Prefix, StringComparison.Ordinal));
            var start = text.IndexOf(Prefix, StringComparison.Ordinal) + Prefix.Length;
            update = text[start..text.IndexOf(" WHERE ", start, StringComparison.Ordinal)];
        }

        // Starting moves the state and the times; the branch, the merge order and the error stay as they were.
        Assert.Contains("\"State\"", update, StringComparison.Ordinal);
        Assert.Contains("\"StartedAt\"", update, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Branch\"", update, StringComparison.Ordinal);
        Assert.DoesNotContain("\"IntegratedOrder\"", update, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Error\"", update, StringComparison.Ordinal);
        var stored = (await run.State()).Workstreams["a"];
        Assert.Equal((WorkstreamStates.Running, 1), (stored.State, stored.Attempt));
        Assert.NotNull(stored.StartedAt);
    }

    [PostgresFact]
    public async Task A_message_whose_run_another_process_wrote_meanwhile_is_retried_with_the_lock_and_loses_nothing()
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "contended-" + Guid.NewGuid().ToString("N")[..8]);
        await run.StartAsync(Plan(Ws("a"), Ws("b")), Options(run.RunName));
        await run.Dispatched("a");
        await run.Dispatched("b");
        var version = (await run.State()).Version;

        // Another process writes the run: the copy this host holds is now a Version behind.
        await using (var other = new SchedulerDbContextFactory(Database).CreateDbContext())
        {
            var row = await other.Runs.SingleAsync(r => r.CorrelationId == run.RunId);
            row.BudgetNotice = "written by another process";
            await SagaStore.SaveIfChangedAsync(other, row, CancellationToken.None);
        }

        await run.StartedAsync("a");

        var state = await run.State();
        Assert.Equal(WorkstreamStates.Running, state.Workstreams["a"].State);
        Assert.Equal("written by another process", state.BudgetNotice);
        // The other write, then this message's: applied to the stale copy, it would have written version + 1 over it.
        Assert.Equal(version + 2, state.Version);
        // Its next messages lock first for a while, instead of losing again to the other process.
        Assert.Null(host.Services.GetRequiredService<SagaInstanceCache<RunState>>().OptimisticVersion(run.RunId));
    }

    [PostgresTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_locked_saga_row_stays_locked_until_its_transaction_ends(bool withInboxInsert)
    {
        await using var host = await SchedulerTestHost.StartAsync(Database);
        var run = new RunDriver(host, "lock-" + Guid.NewGuid().ToString("N")[..8]);
        await run.AcceptAsync(Plan(Ws("a")), Options(run.RunName));

        var factory = new SchedulerDbContextFactory(Database);
        await using var holder = factory.CreateDbContext();
        await using var held = await SagaStore.BeginAsync(holder, CancellationToken.None);
        if (withInboxInsert)
        {
            // The group-commit path: the lock goes in the same command as the batch's inbox insert.
            var (_, locked) = await SagaInbox.RecordThenAsync(
                holder, [NewId.NextGuid()], "RunState", 1, SagaStore.LockStatement<RunState>(holder, run.RunId), CancellationToken.None);
            Assert.NotNull(SagaStore.VersionOf(locked));
        }
        else
        {
            Assert.NotNull(await SagaStore.LoadForUpdateAsync<RunState>(holder, run.RunId, CancellationToken.None));
        }

        await using var other = factory.CreateDbContext();
        await using var waiting = await SagaStore.BeginAsync(other, CancellationToken.None);
        await other.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '200ms'");
        var blocked = await Assert.ThrowsAnyAsync<Exception>(() => SagaStore.LoadForUpdateAsync<RunState>(other, run.RunId, CancellationToken.None));
        Assert.Contains("lock timeout", blocked.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
