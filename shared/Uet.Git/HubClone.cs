using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Uet.Git;

/// <summary>
/// A service's local clone cache of the hub: a bare repository under the service's data dir that keeps every object
/// it ever fetched, so a fetch brings only what is new. Worktrees and in-process merges work in it; results go back
/// to the hub by push. One instance per cache directory and process: fetches into it are serialised here (two
/// fetches updating refs of one repository at once would meet each other's lock files).
/// </summary>
public sealed class HubClone
{
    private readonly SemaphoreSlim fetchGate = new(1, 1);
    private readonly SemaphoreSlim initGate = new(1, 1);
    private readonly ILogger logger;
    private volatile bool initialised;

    public HubClone(GitRemote hub, string cacheDirectory, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        Hub = hub;
        Path = System.IO.Path.GetFullPath(cacheDirectory);
        Git = new GitCli(Path);
        this.logger = logger ?? NullLogger.Instance;
    }

    public GitRemote Hub { get; }

    /// <summary>The bare repository's directory.</summary>
    public string Path { get; }

    public GitCli Git { get; }

    /// <summary>The clone cache of <paramref name="hub"/> for a service whose files live in <paramref name="dataDir"/>: <c>&lt;dataDir&gt;/hub.git</c>.</summary>
    public static HubClone InDataDir(GitRemote hub, string dataDir, ILogger? logger = null) =>
        new(hub, System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDir), "hub.git"), logger);

    /// <summary>Creates the bare repository on first use (an existing one, from an earlier process, is kept with its objects).</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (initialised)
        {
            return;
        }

        await initGate.WaitAsync(ct);
        try
        {
            if (initialised)
            {
                return;
            }

            Directory.CreateDirectory(Path);
            var probe = await Git.TryRunAsync(["rev-parse", "--is-bare-repository"], ct);
            if (probe.ExitCode != 0 || probe.StandardOutput.Trim() != "true")
            {
                await Git.RunAsync(["init", "--quiet", "--bare", "."], ct);
                logger.LogInformation("Created the clone cache {Cache} of hub {Hub}", Path, Hub.Location);
            }

            initialised = true;
        }
        finally
        {
            initGate.Release();
        }
    }

    /// <summary>Fetches refs that exist on the hub (forced: the hub is the truth).</summary>
    public async Task FetchAsync(IReadOnlyList<string> refs, CancellationToken ct)
    {
        await EnsureAsync(ct);
        await Serialised(() => Hub.FetchAsync(Git, refs, ct), ct);
    }

    /// <summary>Makes the cache's refs matching <paramref name="patterns"/> what the hub has (fetched, or deleted when gone); returns the hub's.</summary>
    public async Task<IReadOnlyDictionary<string, string>> MirrorAsync(IReadOnlyList<string> patterns, CancellationToken ct)
    {
        await EnsureAsync(ct);
        IReadOnlyDictionary<string, string> refs = new Dictionary<string, string>();
        await Serialised(async () => refs = await Hub.MirrorAsync(Git, patterns, ct), ct);
        return refs;
    }

    /// <summary>
    /// Makes sure <paramref name="commit"/> is in the cache: nothing to do when it is; else fetches
    /// <paramref name="refs"/> (which should hold it), and as a last resort the commit by id.
    /// </summary>
    public async Task EnsureCommitAsync(string commit, IReadOnlyList<string> refs, CancellationToken ct)
    {
        if (!IsObjectId(commit))
        {
            throw new ArgumentException($"'{commit}' is not a commit id (40 or 64 hex digits)", nameof(commit));
        }

        await EnsureAsync(ct);
        if (await HasCommitAsync(commit, ct))
        {
            return;
        }

        await Serialised(async () =>
        {
            if (await HasCommitAsync(commit, ct))
            {
                return;
            }

            try
            {
                await Hub.FetchAsync(Git, refs, ct);
            }
            catch (GitException e) when (!TransientGitErrors.IsTransientRemote(e))
            {
                logger.LogDebug("Fetching {Refs} from {Hub} failed ({Error}); fetching {Commit} by id", string.Join(", ", refs), Hub.Location, e.StandardError, commit);
            }

            if (!await HasCommitAsync(commit, ct))
            {
                await Hub.FetchCommitAsync(Git, commit, ct);
            }
        }, ct);

        if (!await HasCommitAsync(commit, ct))
        {
            throw new GitException(["fetch", Hub.Location, commit], 128, $"commit {commit} is not on hub {Hub.Location}", Path);
        }
    }

    public static bool IsObjectId(string value) =>
        value is { Length: 40 or 64 } && value.All(char.IsAsciiHexDigit);

    public async Task<bool> HasCommitAsync(string commit, CancellationToken ct) =>
        (await Git.TryRunAsync(["cat-file", "-e", commit + "^{commit}"], ct)).ExitCode == 0;

    /// <summary>Pushes to the hub, atomically and leased (see <see cref="GitRemote.PushAsync"/>).</summary>
    public async Task<PushResult> PushAsync(IReadOnlyList<RefUpdate> updates, CancellationToken ct)
    {
        await EnsureAsync(ct);
        return await Hub.PushAsync(Git, updates, ct);
    }

    private async Task Serialised(Func<Task> action, CancellationToken ct)
    {
        await fetchGate.WaitAsync(ct);
        try
        {
            await action();
        }
        finally
        {
            fetchGate.Release();
        }
    }
}
