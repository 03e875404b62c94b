namespace Uet.Metrics.Store;

/// <summary>A stored event as queries return it.</summary>
public sealed record RecordedEvent(
    long Sequence,
    Guid MessageId,
    Guid? RunId,
    string? WorkstreamId,
    int? Attempt,
    string Type,
    DateTimeOffset Time,
    DateTimeOffset RecordedAt,
    string Body)
{
    /// <summary>The body as its contract record (e.g. a <c>WorkstreamStarted</c>).</summary>
    public object Message() => EventCatalog.Deserialize(Type, Body);

    /// <summary>What <see cref="Analysis.RunMetricsCalculator"/> works on.</summary>
    public Analysis.RunEvent ToRunEvent() => new(Sequence, Time, Message());
}

/// <summary>
/// Which events a query returns. Every criterion is optional and they combine with AND; <c>From</c> is inclusive,
/// <c>Until</c> exclusive. <c>Tail</c> keeps the last N of the matches; <c>AfterSequence</c> is for following the store.
/// </summary>
public sealed record EventFilter
{
    public Guid? RunId { get; init; }
    public string? WorkstreamId { get; init; }

    /// <summary>Type names (<see cref="EventType.Name"/>, exact case); empty means all.</summary>
    public IReadOnlyCollection<string> Types { get; init; } = [];

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public long? AfterSequence { get; init; }
    public int? Tail { get; init; }
}
