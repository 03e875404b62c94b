namespace Uet.Scheduler;

/// <summary>How the saga endpoint consumes (defaults suit both the embedded and the distributed mode).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Queue name of the run saga endpoint.</summary>
    public string EndpointName { get; set; } = "scheduler";

    /// <summary>
    /// Messages of one run that arrive together are applied one after another, in arrival order, in one transaction
    /// (up to <see cref="MaxBatch"/>); other runs proceed in parallel. Off, each message has its own transaction.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most messages of one run in one transaction (and, with group commit, the endpoint's messages in flight).</summary>
    public int MaxBatch { get; set; } = 64;

    /// <summary>
    /// Without group commit: messages of one run are handled one at a time, in arrival order, by partitioning on
    /// RunId (other runs proceed in parallel). Turn both off only to stress the repository's own locking.
    /// </summary>
    public bool PartitionByRun { get; set; } = true;

    /// <summary>Without group commit: number of partitions (runs handled at once by this process).</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Messages in flight on the endpoint; null keeps the transport's default.</summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// Retries of a message whose handling failed (a concurrent update lost the Version check, SQLite stayed busy, the
    /// database is away), quick first and then backing off (<see cref="Uet.Persistence.DatabaseRetry"/>, about a minute
    /// in all); the saga's messages are only published when a try commits.
    /// </summary>
    public int RetryLimit { get; set; } = Uet.Persistence.DatabaseRetry.DefaultLimit;

    /// <summary>A running attempt with no heartbeat for this long has lost its worker and is dispatched again.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the lease watchdog looks for expired leases in the database.</summary>
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lost workers a workstream may outlive; after that a lost lease fails it like any infrastructure failure.</summary>
    public int MaxLeaseExpiries { get; set; } = 3;
}
