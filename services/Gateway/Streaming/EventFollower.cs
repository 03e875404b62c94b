using Uet.Metrics.Store;

namespace Uet.Gateway.Streaming;

/// <summary>
/// Reads what a follower has not seen yet from the event store. Sequence numbers are handed out before their rows
/// commit, so under concurrent writers a lower sequence can become visible after a higher one: the follower keeps
/// re-reading the last few seconds of rows and remembers which it has returned, rather than trusting the highest
/// sequence seen so far.
/// </summary>
internal sealed class EventFollower(EventQueries events, EventFilter filter, long after, TimeProvider time)
{
    /// <summary>A row recorded this long ago is taken as settled: nothing below it can still appear.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly HashSet<long> _returned = [];
    private long _cursor = after;

    public async Task<IReadOnlyList<RecordedEvent>> NextAsync(CancellationToken ct)
    {
        var rows = await events.NewerThanAsync(_cursor, filter, ct);
        var fresh = rows.Where(r => _returned.Add(r.Sequence)).ToList();
        var now = time.GetUtcNow();
        var settled = rows.Where(r => now - r.RecordedAt > Settle).Select(r => r.Sequence).DefaultIfEmpty(_cursor).Max();
        if (settled > _cursor)
        {
            _cursor = settled;
            _returned.RemoveWhere(s => s <= settled);
        }
        return fresh;
    }
}
