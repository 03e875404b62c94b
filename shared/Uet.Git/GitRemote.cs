using Microsoft.Extensions.Logging;

using Polly;
using Polly.CircuitBreaker;

namespace Uet.Git;

/// <summary>One ref a push sets. <paramref name="ExpectedOld"/>: the lease (null: the ref must not exist yet); <paramref name="Force"/>: no lease at all.</summary>
public sealed record RefUpdate(string Ref, string NewValue, string? ExpectedOld, bool Force = false)
{
    /// <summary>A ref with one writer (a workstream branch): set whatever it was.</summary>
    public static RefUpdate Overwrite(string refName, string newValue) => new(refName, newValue, null, Force: true);
}

/// <summary>What a push answered: every ref set, or the lease of one ref lost (someone else moved it; nothing was set).</summary>
public sealed record PushResult(bool Accepted, string? RejectedRef, string Detail)
{
    public static PushResult Done { get; } = new(true, null, "");
}

/// <summary>
/// A git remote named by path or URL (a hub), reached from a local repository with fetch, ls-remote and push, each
/// through one Polly pipeline (retry with jitter, circuit breaker) shared by every call to this remote.
/// Pushes are atomic and leased, so two writers can never clobber each other: the loser hears <see cref="PushResult.Accepted"/> false.
/// </summary>
public sealed class GitRemote
{
    private readonly ResiliencePipeline pipeline;

    public GitRemote(string location, GitRemoteResilienceOptions? options = null, TimeProvider? clock = null, ILogger? logger = null)
    {
        Location = Normalize(location);
        pipeline = GitRemoteResilience.Create(Location, options, clock, logger);
    }

    /// <summary>An absolute path, or a URL as given (ssh, https, file, scp-like <c>host:path</c>).</summary>
    public string Location { get; }

    /// <summary>Turns a relative path into an absolute one (git runs in other directories); refuses what git would read as an option.</summary>
    public static string Normalize(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var trimmed = location.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('-'))
        {
            throw new ArgumentException($"hub '{location}' is not a path or URL of a git repository: give an absolute path such as /srv/git/hub.git or a URL such as ssh://git@host/hub.git");
        }

        return IsUrl(trimmed) ? trimmed : Path.GetFullPath(trimmed);
    }

    private static bool IsUrl(string location)
    {
        if (location.Contains("://", StringComparison.Ordinal))
        {
            return true;
        }

        // scp-like syntax (git@host:path): a colon before the first slash.
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }

    /// <summary>Fetches refs that must exist on the remote into the same names in <paramref name="local"/>, forced (the remote is the truth).</summary>
    public async Task FetchAsync(GitCli local, IReadOnlyList<string> refs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(refs);
        if (refs.Count == 0)
        {
            return;
        }

        await RunAsync(local, [.. FetchArguments(), .. refs.Select(r => $"+{Checked(r)}:{r}")], ct);
    }

    /// <summary>Fetches one commit by id (servers with protocol v2, and every path or file:// hub, allow it for reachable commits).</summary>
    public Task FetchCommitAsync(GitCli local, string commit, CancellationToken ct) =>
        HubClone.IsObjectId(commit)
            ? RunAsync(local, [.. FetchArguments(), commit], ct)
            : throw new ArgumentException($"'{commit}' is not a commit id (40 or 64 hex digits)", nameof(commit));

    /// <summary>Refs on the remote matching <paramref name="patterns"/> (an exact name, or a prefix ending in <c>/*</c>), with their ids.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(GitCli local, IReadOnlyList<string> patterns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var output = await RunAsync(local, ["ls-remote", "--quiet", "--", Location, .. patterns], ct);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t', 2);
            if (parts.Length == 2 && patterns.Any(p => Matches(parts[1].Trim(), p)))
            {
                found[parts[1].Trim()] = parts[0].Trim();
            }
        }

        return found;
    }

    /// <summary>
    /// Makes <paramref name="local"/>'s refs matching <paramref name="patterns"/> what the remote has: fetched when
    /// there, deleted when not. For refs that may not exist yet (a run's branch before its Prepare).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> MirrorAsync(GitCli local, IReadOnlyList<string> patterns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(local);
        var remote = await ListAsync(local, patterns, ct);
        await FetchAsync(local, remote.Keys.Order(StringComparer.Ordinal).ToList(), ct);
        var localRefs = await local.RunAsync(["for-each-ref", "--format=%(refname)", .. patterns.Select(p => p.EndsWith("/*", StringComparison.Ordinal) ? p[..^2] : p)], ct);
        foreach (var stale in localRefs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(r => patterns.Any(p => Matches(r, p)) && !remote.ContainsKey(r)))
        {
            await local.RunAsync(["update-ref", "-d", stale], ct);
        }

        return remote;
    }

    /// <summary>
    /// Pushes every update in one atomic push: all are set, or none. A lost lease (or a ref that moved on the remote
    /// between its advertisement and the update) is an answer, not an error: <see cref="PushResult.Accepted"/> is false.
    /// </summary>
    public async Task<PushResult> PushAsync(GitCli local, IReadOnlyList<RefUpdate> updates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return PushResult.Done;
        }

        List<string> args = ["push", "--porcelain", "--atomic", "--no-verify"];
        args.AddRange(updates.Where(u => !u.Force).Select(u => $"--force-with-lease={Checked(u.Ref)}:{u.ExpectedOld ?? ""}"));
        args.Add("--");
        args.Add(Location);
        args.AddRange(updates.Select(u => $"{(u.Force ? "+" : "")}{u.NewValue}:{Checked(u.Ref)}"));

        return await ResilientAsync(local, args, async token =>
            {
                var result = await local.TryRunAsync(args, token);
                if (result.ExitCode == 0)
                {
                    return PushResult.Done;
                }

                var rejected = result.StandardOutput.Split('\n')
                    .Where(l => l.StartsWith('!'))
                    .FirstOrDefault(l => LostLease.Any(s => l.Contains(s, StringComparison.OrdinalIgnoreCase)));
                if (rejected is not null)
                {
                    var parts = rejected.Split('\t');
                    var refName = parts.Length > 1 ? parts[1][(parts[1].LastIndexOf(':') + 1)..] : null;
                    return new PushResult(false, refName, rejected.Trim());
                }

                throw new GitException(args, result.ExitCode, (result.StandardError + "\n" + result.StandardOutput).Trim(), local.WorkingDirectory);
            },
            ct);
    }

    private static readonly string[] LostLease =
    [
        "stale info",
        "fetch first",
        "non-fast-forward",
        "already exists",
        "but expected",
        "failed to update ref",
    ];

    private List<string> FetchArguments() => ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", Location];

    private Task<string> RunAsync(GitCli local, IReadOnlyList<string> args, CancellationToken ct) =>
        ResilientAsync(local, args, async token => await local.RunAsync(args, token), ct);

    /// <summary>Through the pipeline; an open circuit becomes a <see cref="GitException"/> naming the hub, so callers handle one kind of failure.</summary>
    private async Task<T> ResilientAsync<T>(GitCli local, IReadOnlyList<string> args, Func<CancellationToken, ValueTask<T>> call, CancellationToken ct)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, ct);
        }
        catch (BrokenCircuitException e)
        {
            throw new GitException(args, -1, $"hub {Location} keeps failing, so calls to it are paused for a while: {e.Message}", local.WorkingDirectory);
        }
    }

    /// <summary>
    /// Ref names come from run and workstream names: one that is not a plain full ref (a ':' or '*' would turn a refspec
    /// into another one, a leading '-' into an option) is refused before it reaches git.
    /// </summary>
    private static string Checked(string refName) =>
        refName.StartsWith("refs/", StringComparison.Ordinal)
        && !refName.Any(c => c is ':' or '*' or '?' or '[' or '\\' or '^' or '~' || char.IsWhiteSpace(c) || char.IsControl(c))
        && !refName.Contains("..", StringComparison.Ordinal)
            ? refName
            : throw new ArgumentException($"'{refName}' is not a full ref name git can take as is (refs/…, without ':', '*', '..', spaces)", nameof(refName));

    private static bool Matches(string refName, string pattern) =>
        pattern.EndsWith("/*", StringComparison.Ordinal)
            ? refName.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(refName, pattern, StringComparison.Ordinal);
}
