using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

using Uet.Contracts;
using Uet.Metrics.Store;
using Uet.Metrics.Tests.Infrastructure;
using Uet.Persistence;

namespace Uet.Metrics.Tests;

/// <summary>The store's guarantees, run on each provider (the facts are in the subclasses, so PostgreSQL ones can be skipped): one row per MessageId, columns taken from the event, stable queries.</summary>
public abstract class EventStoreTests
{
    internal abstract DatabaseProvider Provider { get; }

    protected async Task Same_message_id_twice_stores_one_rowAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var store = db.Store();
        var runId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var started = new WorkstreamStarted(runId, "ws-a", 2, "w1", EventSequence.At(3));

        Assert.True(await store.AppendAsync(messageId, started, null));
        Assert.False(await store.AppendAsync(messageId, started, null));
        // The same content under another id is another message (a second publish), and is kept.
        Assert.True(await store.AppendAsync(Guid.NewGuid(), started, null));

        var rows = await db.Queries.ForRunAsync(runId);
        Assert.Equal(2, rows.Count);
        Assert.Equal(1, rows.Count(r => r.MessageId == messageId));
    }

    protected async Task Concurrent_deliveries_of_one_message_store_it_onceAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var store = db.Store();
        var runId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var message = new RunStarted(runId, "race", 3, EventSequence.At(0));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.AppendAsync(messageId, message, null))));

        Assert.Equal(1, results.Count(stored => stored));
        Assert.Single(await db.Queries.ForRunAsync(runId));
    }

    protected async Task Columns_come_from_the_event_and_the_body_reads_back_as_the_recordAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var clock = new FakeTimeProvider(EventSequence.At(100));
        var store = db.Store(clock);
        var runId = Guid.NewGuid();
        var failed = new WorkstreamFailed(runId, "ws-b", 3, "w2", FailureKind.ScopeViolation, "changed x", ["x.txt"], EventSequence.At(10), EventSequence.At(12.5));
        var gate = new GateEvaluated(runId, "ws-b", 3, "GATE_UNIT", "make test", false, true, true, 2, TimeSpan.FromSeconds(1.5), "1 failed");

        await store.AppendAsync(Guid.NewGuid(), failed, EventSequence.At(50));
        await store.AppendAsync(Guid.NewGuid(), gate, EventSequence.At(11));

        var rows = await db.Queries.ForRunAsync(runId);
        var first = rows[0];
        Assert.Equal((runId, "ws-b", 3, nameof(GateEvaluated)), (first.RunId!.Value, first.WorkstreamId, first.Attempt!.Value, first.Type));
        Assert.Equal(EventSequence.At(11), first.Time); // no timestamp of its own: the time it was sent
        var second = rows[1];
        Assert.Equal(nameof(WorkstreamFailed), second.Type);
        Assert.Equal(EventSequence.At(12.5), second.Time); // its own FinishedAt, not the sent time
        Assert.Equal(EventSequence.At(100), second.RecordedAt);
        Assert.Contains("\"kind\":\"ScopeViolation\"", second.Body);

        var back = Assert.IsType<WorkstreamFailed>(second.Message());
        Assert.Equal((failed.RunId, failed.WorkstreamId, failed.Attempt, failed.Kind, failed.Reason, failed.StartedAt, failed.FinishedAt), (back.RunId, back.WorkstreamId, back.Attempt, back.Kind, back.Reason, back.StartedAt, back.FinishedAt));
        Assert.Equal(["x.txt"], back.Files);
        Assert.Equal(gate, Assert.IsType<GateEvaluated>(first.Message()));
    }

    protected async Task Events_outside_a_run_are_stored_with_no_runAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var messageId = Guid.NewGuid();

        await db.Store().AppendAsync(messageId, new WorkerStatusChanged("w9", WorkerState.Idle, null, null, 4, 0, "host", EventSequence.At(1)), null);

        await using var context = db.Factory.CreateDbContext();
        var row = await context.Events.SingleAsync(e => e.MessageId == messageId);
        Assert.Null(row.RunId);
        Assert.Equal(nameof(WorkerStatusChanged), row.Type);
    }

    protected async Task Queries_filter_by_run_workstream_type_and_time_and_order_by_time_then_insertionAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var store = db.Store();
        var run = Guid.NewGuid();
        var other = Guid.NewGuid();
        // Stored out of time order; two at the same instant (5 s): insertion order breaks the tie.
        await store.AppendAsync(Guid.NewGuid(), new WorkstreamStarted(run, "b", 1, "w", EventSequence.At(5)), null);
        await store.AppendAsync(Guid.NewGuid(), new RunStarted(run, "q", 2, EventSequence.At(1)), null);
        await store.AppendAsync(Guid.NewGuid(), new WorkstreamStarted(run, "a", 1, "w", EventSequence.At(5)), null);
        await store.AppendAsync(Guid.NewGuid(), new WorkstreamIntegrated(run, "a", 1, "h", false, EventSequence.At(9)), null);
        await store.AppendAsync(Guid.NewGuid(), new RunCompleted(run, "q", "b", "h", EventSequence.At(12)), null);
        await store.AppendAsync(Guid.NewGuid(), new RunStarted(other, "other", 1, EventSequence.At(2)), null);

        static string Describe(IEnumerable<RecordedEvent> events) => string.Join(" ", events.Select(e => e.Type + (e.WorkstreamId is { } w ? ":" + w : "")));

        Assert.Equal(
            "RunStarted WorkstreamStarted:b WorkstreamStarted:a WorkstreamIntegrated:a RunCompleted",
            Describe(await db.Queries.ForRunAsync(run)));
        Assert.Equal(
            "WorkstreamStarted:a WorkstreamIntegrated:a",
            Describe(await db.Queries.ListAsync(new EventFilter { RunId = run, WorkstreamId = "a" })));
        Assert.Equal(
            "RunStarted RunCompleted",
            Describe(await db.Queries.ListAsync(new EventFilter { RunId = run, Types = [nameof(RunStarted), nameof(RunCompleted)] })));
        Assert.Equal(
            "WorkstreamStarted:b WorkstreamStarted:a WorkstreamIntegrated:a",
            Describe(await db.Queries.ListAsync(new EventFilter { RunId = run, From = EventSequence.At(5), Until = EventSequence.At(12) })));
        Assert.Equal(
            "WorkstreamIntegrated:a RunCompleted",
            Describe(await db.Queries.ListAsync(new EventFilter { RunId = run, Tail = 2 })));
        var starts = await db.Queries.ListAsync(new EventFilter { Types = [nameof(RunStarted)], From = EventSequence.At(0) });
        Assert.Equal([run, other], starts.Select(e => e.RunId).Where(id => id == run || id == other));

        var names = await db.Queries.RunNamesAsync();
        Assert.Equal(("q", "other"), (names[run], names[other]));
    }

    protected async Task A_follower_sees_what_was_stored_after_it_lookedAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var store = db.Store();
        var run = Guid.NewGuid();
        await store.AppendAsync(Guid.NewGuid(), new RunStarted(run, "f", 1, EventSequence.At(1)), null);
        var seen = await db.Queries.LastSequenceAsync();

        await store.AppendAsync(Guid.NewGuid(), new WorkstreamStarted(run, "a", 1, "w", EventSequence.At(2)), null);
        await store.AppendAsync(Guid.NewGuid(), new RunCompleted(run, "f", "b", "h", EventSequence.At(3)), null);

        var newer = await db.Queries.NewerThanAsync(seen, new EventFilter { RunId = run });
        Assert.Equal([nameof(WorkstreamStarted), nameof(RunCompleted)], newer.Select(e => e.Type));
        Assert.True(newer[0].Sequence > seen);
        Assert.Empty(await db.Queries.NewerThanAsync(newer[^1].Sequence, new EventFilter { RunId = run }));
    }

    protected async Task The_known_run_read_back_from_the_store_gives_the_same_reportAsync()
    {
        await using var db = await TestStore.CreateAsync(Provider);
        var store = db.Store();
        var runId = Guid.NewGuid();
        var events = KnownRun.Events(runId).Events;
        foreach (var e in events)
        {
            await store.AppendAsync(Guid.NewGuid(), e.Message, e.Time);
        }

        var stored = await db.Queries.ForRunAsync(runId);

        // All but the idle worker's status change, which belongs to no run.
        Assert.Equal(events.Count - 1, stored.Count);
        Assert.Equal(
            Reports.JsonReportRenderer.Render(new Reports.RunReport(Analysis.RunMetricsCalculator.Calculate(events))),
            Reports.JsonReportRenderer.Render(Reports.RunReport.FromEvents(stored)));
    }
}

public sealed class SqliteEventStoreTests : EventStoreTests
{
    internal override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public Task Same_message_id_twice_stores_one_row() => Same_message_id_twice_stores_one_rowAsync();

    [Fact]
    public Task Concurrent_deliveries_of_one_message_store_it_once() => Concurrent_deliveries_of_one_message_store_it_onceAsync();

    [Fact]
    public Task Columns_come_from_the_event_and_the_body_reads_back_as_the_record() => Columns_come_from_the_event_and_the_body_reads_back_as_the_recordAsync();

    [Fact]
    public Task Events_outside_a_run_are_stored_with_no_run() => Events_outside_a_run_are_stored_with_no_runAsync();

    [Fact]
    public Task Queries_filter_by_run_workstream_type_and_time_and_order_by_time_then_insertion() => Queries_filter_by_run_workstream_type_and_time_and_order_by_time_then_insertionAsync();

    [Fact]
    public Task A_follower_sees_what_was_stored_after_it_looked() => A_follower_sees_what_was_stored_after_it_lookedAsync();

    [Fact]
    public Task The_known_run_read_back_from_the_store_gives_the_same_report() => The_known_run_read_back_from_the_store_gives_the_same_reportAsync();
}

public sealed class PostgresEventStoreTests : EventStoreTests
{
    internal override DatabaseProvider Provider => DatabaseProvider.Postgres;

    [PostgresFact]
    public Task Same_message_id_twice_stores_one_row() => Same_message_id_twice_stores_one_rowAsync();

    [PostgresFact]
    public Task Concurrent_deliveries_of_one_message_store_it_once() => Concurrent_deliveries_of_one_message_store_it_onceAsync();

    [PostgresFact]
    public Task Columns_come_from_the_event_and_the_body_reads_back_as_the_record() => Columns_come_from_the_event_and_the_body_reads_back_as_the_recordAsync();

    [PostgresFact]
    public Task Events_outside_a_run_are_stored_with_no_run() => Events_outside_a_run_are_stored_with_no_runAsync();

    [PostgresFact]
    public Task Queries_filter_by_run_workstream_type_and_time_and_order_by_time_then_insertion() => Queries_filter_by_run_workstream_type_and_time_and_order_by_time_then_insertionAsync();

    [PostgresFact]
    public Task A_follower_sees_what_was_stored_after_it_looked() => A_follower_sees_what_was_stored_after_it_lookedAsync();

    [PostgresFact]
    public Task The_known_run_read_back_from_the_store_gives_the_same_report() => The_known_run_read_back_from_the_store_gives_the_same_reportAsync();
}
