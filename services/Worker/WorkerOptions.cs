using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Uet.Worker;

/// <summary>Settings of one worker replica.</summary>
public sealed partial class WorkerOptions
{
    /// <summary>Names this replica in events and in its worktree directories; unique per process by default.</summary>
    public string WorkerId { get; set; } = DefaultWorkerId();

    /// <summary>How many attempts run at the same time; each slot keeps one reusable worktree per repository.</summary>
    public int Slots { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Where worktrees and logs go when an <c>ExecuteWorkstream</c> names no <c>StateDir</c>.</summary>
    public string DataDir { get; set; } = Path.GetFullPath(".uet");

    /// <summary>
    /// Path or URL of the hub, a bare repository every service reaches (UET_HUB). Set: attempts start from a clone
    /// cache of the hub in <see cref="DataDir"/> (<c>hub.git</c>) and push their branch there. Null: worktrees are made
    /// of each run's own repository (<c>RepoPath</c>), as in the embedded mode.
    /// </summary>
    public string? Hub { get; set; }

    /// <summary>Retry and circuit breaker of every fetch and push to the hub.</summary>
    public Uet.Git.GitRemoteResilienceOptions HubResilience { get; set; } = new();

    /// <summary>How often a running attempt tells the Scheduler it is alive (its lease).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the replica announces its state even when nothing changed (`uet workers` counts a replica silent for three of these as gone).</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Idle ⇄ busy flips closer together than this are published once, with the latest state: a replica running short
    /// attempts back to back would otherwise publish (and the registry write) two messages per attempt. Zero: every flip.
    /// </summary>
    public TimeSpan StatusDebounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// argv that starts the fake agent, before its own arguments. Null: <c>dotnet &lt;this assembly&gt; fake-agent</c>,
    /// which fits every host that loads Uet.Worker.dll from disk (override it for a single-file publish).
    /// </summary>
    public IReadOnlyList<string>? FakeAgentCommand { get; set; }

    /// <summary>
    /// gitignore patterns for files coding tools leave in the worktree for themselves (aider's history and tag cache):
    /// never committed and never a scope violation. The repository itself is not changed for this.
    /// </summary>
    public IReadOnlyList<string> IgnoredToolFiles { get; set; } = [".aider*"];

    public static string DefaultWorkerId()
    {
        var host = UnsafeChars().Replace(Environment.MachineName.ToLowerInvariant(), "-").Trim('-');
        var random = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        return $"{(host.Length == 0 ? "worker" : host)}-{Environment.ProcessId}-{random}";
    }

    /// <summary>Fails with a message naming the setting and the fix; called when the worker is registered.</summary>
    public void Validate()
    {
        if (Slots < 1)
        {
            throw new ArgumentException($"Worker option Slots is {Slots}; set it to 1 or more.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Worker option HeartbeatInterval is {HeartbeatInterval}; set a positive interval such as 00:00:05.");
        }

        if (string.IsNullOrWhiteSpace(WorkerId) || UnsafeChars().IsMatch(WorkerId))
        {
            throw new ArgumentException($"Worker option WorkerId '{WorkerId}' may hold only a-z, 0-9, '.', '_' and '-' (it names directories and queues).");
        }

        if (Hub is not null && (string.IsNullOrWhiteSpace(Hub) || Hub.TrimStart().StartsWith('-')))
        {
            throw new ArgumentException($"Worker option Hub '{Hub}' is not a path or URL of a git repository; give one such as /srv/git/hub.git or ssh://git@host/hub.git.");
        }

        if (string.IsNullOrWhiteSpace(DataDir))
        {
            throw new ArgumentException("Worker option DataDir is empty; set a directory for worktrees and logs.");
        }
    }

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex UnsafeChars();
}
