namespace Uet.Scheduler;

/// <summary>How the saga endpoint consumes (defaults suit both the embedded and the distributed mode).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Queue name of the run saga endpoint.</summary>
    public string EndpointName { get; set; } = "scheduler";

    /// <summary>
    /// Messages of one run are handled one at a time, in arrival order, by partitioning on RunId
    /// (other runs proceed in parallel). Turn off only to stress the repository's own locking.
    /// </summary>
    public bool PartitionByRun { get; set; } = true;

    /// <summary>Number of partitions (runs handled at once by this process).</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Messages in flight on the endpoint; null keeps the transport's default.</summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// Immediate retries of a message whose handling failed (a concurrent update lost the Version check,
    /// SQLite stayed busy); the saga's messages are only published when a try commits.
    /// </summary>
    public int RetryLimit { get; set; } = 5;
}
