namespace Uet.Metrics.Store;

/// <summary>
/// One row of the event store: a contract message as it was published, keyed by its MassTransit MessageId
/// (unique: a redelivery stores nothing). Run, workstream, attempt, type and time are copied out of the body
/// so the store can be queried without parsing JSON.
/// </summary>
public sealed class StoredEvent
{
    /// <summary>Insertion order: breaks ties between events of the same time, so listings are stable.</summary>
    public long Sequence { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>Null only for events outside a run (a worker's lifecycle while idle).</summary>
    public Guid? RunId { get; set; }

    public string? WorkstreamId { get; set; }

    public int? Attempt { get; set; }

    /// <summary>The contract's type name, e.g. <c>WorkstreamStarted</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>
    /// When it happened (UTC): the event's own timestamp (<c>At</c>, <c>StartedAt</c>, ...), else the time it was sent.
    /// A UTC <see cref="DateTime"/>, not a DateTimeOffset: SQLite can compare and order only the former.
    /// </summary>
    public DateTime Time { get; set; }

    /// <summary>When the store received it (UTC).</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>The message as JSON (<see cref="MetricsJson"/>): camelCase, enums by name.</summary>
    public string Body { get; set; } = "";
}
