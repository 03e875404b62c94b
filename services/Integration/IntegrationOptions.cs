namespace Uet.Integration;

/// <summary>Knobs of the Integration service; the defaults suit a developer machine.</summary>
public sealed class IntegrationOptions
{
    /// <summary>
    /// Runs integrated at the same time on the endpoint (also the number of partitions keyed by run).
    /// Messages of one run are always handled one at a time, in arrival order.
    /// </summary>
    public int ConcurrentRuns { get; set; } = 16;

    /// <summary>How long one integration gate may run before it is killed and counted as failed.</summary>
    public TimeSpan GateTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one compensation action may run before it is killed and reported as failed.</summary>
    public TimeSpan CompensationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Characters of a gate's or action's output kept for the failure message.</summary>
    public int OutputTailChars { get; set; } = 4000;

    /// <summary>Retries of a git command that failed on a lock another git process held.</summary>
    public int GitRetryAttempts { get; set; } = 6;

    /// <summary>First delay between those retries; it grows exponentially, with jitter.</summary>
    public TimeSpan GitRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Times a merge or revert is recomputed when someone else moved the branch under it.</summary>
    public int CompareAndSwapAttempts { get; set; } = 5;

    /// <summary>Where temporary worktrees go when a message names no state directory (default: the system temp dir).</summary>
    public string? ScratchRoot { get; set; }

    /// <summary>
    /// Path or URL of the hub, a bare repository every service reaches (UET_HUB). Null: every run's own repository
    /// (<c>RepoPath</c>, the user's <c>--repo</c>) is used directly, as in the embedded mode.
    /// </summary>
    public string? Hub { get; set; }

    /// <summary>This service's clone cache of the hub (a bare repository). Default: <c>hub.git</c> under <see cref="ScratchRoot"/>.</summary>
    public string? HubCache { get; set; }

    /// <summary>Retry and circuit breaker of every fetch and push to the hub.</summary>
    public Uet.Git.GitRemoteResilienceOptions HubResilience { get; set; } = new();
}
