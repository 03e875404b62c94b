using Microsoft.EntityFrameworkCore;

using Uet.Contracts;

namespace Uet.Metrics.Store;

/// <summary>The read side of the event store, straight from the database (no bus): reports, <c>uet events</c>.</summary>
public sealed class EventQueries(IDbContextFactory<MetricsDbContext> dbFactory)
{
    /// <summary>Matching events in time order (ties by insertion order, so the order is stable).</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ListAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Where(db.Events.AsNoTracking(), filter);
        List<StoredEvent> rows;
        if (filter.Tail is { } tail)
        {
            rows = await query.OrderByDescending(e => e.Time).ThenByDescending(e => e.Sequence).Take(Math.Max(0, tail)).ToListAsync(cancellationToken);
            rows.Reverse();
        }
        else
        {
            rows = await query.OrderBy(e => e.Time).ThenBy(e => e.Sequence).ToListAsync(cancellationToken);
        }
        return rows.Select(ToRecorded).ToList();
    }

    /// <summary>Events stored after <paramref name="afterSequence"/>, in insertion order: what a follower has not seen yet.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> NewerThanAsync(long afterSequence, EventFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Where(db.Events.AsNoTracking(), filter with { AfterSequence = afterSequence, Tail = null })
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return rows.Select(ToRecorded).ToList();
    }

    /// <summary>Every event of one run, in time order.</summary>
    public Task<IReadOnlyList<RecordedEvent>> ForRunAsync(Guid runId, CancellationToken cancellationToken = default) =>
        ListAsync(new EventFilter { RunId = runId }, cancellationToken);

    /// <summary>The highest sequence stored (0 when empty): where a follower starts.</summary>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Events.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
    }

    /// <summary>The types that end a run (a <c>ResumeRun</c> may reopen it).</summary>
    public static readonly IReadOnlyList<string> RunEndTypes =
        [nameof(RunCompleted), nameof(RunFailed), nameof(RunCancelled), nameof(RunHalted), nameof(PlanRejected)];

    /// <summary>
    /// Waits until a run's end (<see cref="RunEndTypes"/>) stored after <paramref name="afterSequence"/> is in the store,
    /// polling until <paramref name="timeout"/>; false when it is not there by then. A host that stops as soon as the run's
    /// state says it ended calls this first: the saga publishes the end only after committing that state, so the event
    /// may still be on its way to the store.
    /// </summary>
    public async Task<bool> WaitForRunEndAsync(Guid runId, long afterSequence, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var filter = new EventFilter { RunId = runId, Types = RunEndTypes };
        while (true)
        {
            if ((await NewerThanAsync(afterSequence, filter, cancellationToken)).Count > 0)
            {
                return true;
            }
            if (time.GetTimestamp() >= deadline)
            {
                return false;
            }
            // Short: it is waited for at the end of every embedded run, and the event is usually a moment away.
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }
    }

    /// <summary>Run names by RunId, from the events that carry one (RunStarted, PlanRejected).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> RunNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Events.AsNoTracking()
            .Where(e => e.Type == nameof(RunStarted) || e.Type == nameof(PlanRejected))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.Type, e.Body })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<Guid, string>();
        foreach (var row in rows)
        {
            switch (EventCatalog.Deserialize(row.Type, row.Body))
            {
                case RunStarted started:
                    names.TryAdd(started.RunId, started.RunName);
                    break;
                case PlanRejected rejected:
                    names.TryAdd(rejected.RunId, rejected.Options.RunName);
                    break;
            }
        }
        return names;
    }

    private static IQueryable<StoredEvent> Where(IQueryable<StoredEvent> query, EventFilter filter)
    {
        if (filter.RunId is { } run)
        {
            query = query.Where(e => e.RunId == run);
        }
        if (filter.WorkstreamId is { } workstream)
        {
            query = query.Where(e => e.WorkstreamId == workstream);
        }
        if (filter.Types.Count > 0)
        {
            var types = filter.Types.ToList();
            query = query.Where(e => types.Contains(e.Type));
        }
        if (filter.From is { } from)
        {
            var fromUtc = from.UtcDateTime;
            query = query.Where(e => e.Time >= fromUtc);
        }
        if (filter.Until is { } until)
        {
            var untilUtc = until.UtcDateTime;
            query = query.Where(e => e.Time < untilUtc);
        }
        if (filter.AfterSequence is { } after)
        {
            query = query.Where(e => e.Sequence > after);
        }
        return query;
    }

    private static RecordedEvent ToRecorded(StoredEvent e) => new(
        e.Sequence,
        e.MessageId,
        e.RunId,
        e.WorkstreamId,
        e.Attempt,
        e.Type,
        new DateTimeOffset(DateTime.SpecifyKind(e.Time, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(e.RecordedAt, DateTimeKind.Utc)),
        e.Body);
}
