using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Uet.Git;

namespace Uet.Worker.Workspaces;

/// <summary>
/// One git worktree per worker slot, created once (<c>git worktree add --detach</c>, ~67 ms) and reset for every
/// attempt (as <c>checkout -f --detach BASE</c> + <c>clean -ffdx</c> would, in-process where possible). Worktrees stay detached so a
/// workstream branch is never "checked out elsewhere" and the branch is moved by ref update only.
/// Removal is explicit (<see cref="RemoveAllAsync"/> on shutdown, <see cref="RemoveRunAsync"/> when a run ends).
/// </summary>
public sealed class WorkspacePool(ILogger<WorkspacePool>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<WorkspacePool>.Instance;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Concurrent `git worktree add`/`remove`/`prune` in one repository race on its administrative files (seen
    // as an occasional failure when two slots start at once under load); they are rare, so one at a time: within
    // this process by this semaphore, across replicas sharing the repository by WorktreeAdminLock.
    private readonly SemaphoreSlim _worktreeAdmin = new(1, 1);

    /// <summary><c>&lt;stateDir&gt;/worktrees/&lt;workerId&gt;-slot&lt;N&gt;</c>.</summary>
    public static string WorktreePath(string stateDir, string workerId, int slot) =>
        Path.GetFullPath(Path.Combine(stateDir, "worktrees", $"{workerId}-slot{slot}"));

    /// <summary>Worktrees this pool currently keeps.</summary>
    public IReadOnlyList<string> Worktrees => _entries.Values.Where(e => e.Created).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A clean worktree of <paramref name="repoPath"/> at <paramref name="baseCommit"/>, held until the lease is disposed.
    /// A slot serves one attempt at a time; a second caller for the same slot waits.
    /// </summary>
    public async Task<WorkspaceLease> AcquireAsync(string repoPath, string worktreePath, string baseCommit, Guid runId, CancellationToken ct)
    {
        var repo = Path.GetFullPath(repoPath);
        var entry = _entries.GetOrAdd(worktreePath, path => new Entry(path));
        await entry.Lock.WaitAsync(ct);
        try
        {
            if (entry.Created && entry.RepoPath != repo)
            {
                // The same slot directory served another repository: give it back before reuse.
                await RemoveAsync(entry);
            }

            if (entry.Created)
            {
                try
                {
                    await ResetAsync(entry, baseCommit, ct);
                }
                catch (GitException ex)
                {
                    _logger.LogWarning("Worktree {Path} could not be reset ({Error}); creating it again", entry.Path, ex.StandardError);
                    await RemoveAsync(entry);
                }
            }

            if (!entry.Created)
            {
                await CreateAsync(entry, repo, baseCommit, ct);
            }

            entry.LastRunId = runId;
            entry.RemoveOnRelease = false;
            return new WorkspaceLease(this, entry);
        }
        catch
        {
            entry.Lock.Release();
            throw;
        }
    }

    /// <summary>Removes the idle worktrees last used by a run that has ended; busy ones go when their attempt ends.</summary>
    public async Task RemoveRunAsync(Guid runId)
    {
        foreach (var entry in _entries.Values.Where(e => e.LastRunId == runId))
        {
            if (await entry.Lock.WaitAsync(0))
            {
                try
                {
                    await RemoveAsync(entry);
                }
                finally
                {
                    entry.Lock.Release();
                }
            }
            else
            {
                entry.RemoveOnRelease = true;
            }
        }
    }

    /// <summary>Removes every worktree, waiting for those in use (on shutdown, after running work has drained).</summary>
    public async Task RemoveAllAsync(CancellationToken ct = default)
    {
        foreach (var entry in _entries.Values)
        {
            await entry.Lock.WaitAsync(ct);
            try
            {
                await RemoveAsync(entry);
            }
            finally
            {
                entry.Lock.Release();
            }
        }
    }

    internal async Task ReleaseAsync(Entry entry)
    {
        try
        {
            if (entry.RemoveOnRelease)
            {
                await RemoveAsync(entry);
            }
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>
    /// In-process (libgit2) where that does what git does, since a git process costs 5–30 ms of every attempt on a busy
    /// machine; where the repository's settings need git (<see cref="GitObjectStore.WorktreeNeedsGit"/>) the checkout is
    /// git's. <c>git clean</c> runs only when the last attempt left untracked or ignored files behind.
    /// </summary>
    private static async Task ResetAsync(Entry entry, string baseCommit, CancellationToken ct)
    {
        var git = new GitCli(entry.Path);
        var leftovers = true;
        if (entry.WorktreeNeedsGit)
        {
            await git.RunAsync(["checkout", "--quiet", "--force", "--detach", baseCommit], ct);
        }
        else
        {
            using var store = GitObjectStore.Open(entry.Path);
            store.ResetHard(baseCommit);
            leftovers = store.HasUntrackedOrIgnoredFiles();
        }

        if (leftovers)
        {
            await git.RunAsync(["clean", "-ffdxq"], ct);
        }
    }

    private async Task CreateAsync(Entry entry, string repo, string baseCommit, CancellationToken ct)
    {
        await _worktreeAdmin.WaitAsync(ct);
        try
        {
            await CreateUnderLockAsync(entry, repo, baseCommit, ct);
        }
        finally
        {
            _worktreeAdmin.Release();
        }
    }

    private async Task CreateUnderLockAsync(Entry entry, string repo, string baseCommit, CancellationToken ct)
    {
        using var otherProcesses = await WorktreeAdminLock.AcquireAsync(repo, ct);
        var git = new GitCli(repo);
        if (Directory.Exists(entry.Path))
        {
            // Left by an earlier process with the same worker id: its state is unknown, start over.
            await git.TryRunAsync(["worktree", "remove", "--force", entry.Path], ct);
            DeleteDirectory(entry.Path);
            await git.TryRunAsync(["worktree", "prune"], ct);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(entry.Path)!);
        await git.RunAsync(["worktree", "add", "--quiet", "--detach", entry.Path, baseCommit], ct);
        using (var store = GitObjectStore.Open(repo))
        {
            entry.WorktreeNeedsGit = store.WorktreeNeedsGit;
        }

        entry.RepoPath = repo;
        entry.Created = true;
        _logger.LogDebug("Created worktree {Path} of {Repo}", entry.Path, repo);
    }

    private async Task RemoveAsync(Entry entry)
    {
        await _worktreeAdmin.WaitAsync();
        try
        {
            await RemoveUnderLockAsync(entry);
        }
        finally
        {
            _worktreeAdmin.Release();
        }
    }

    private async Task RemoveUnderLockAsync(Entry entry)
    {
        if (!entry.Created || entry.RepoPath is null)
        {
            return;
        }

        using var otherProcesses = await WorktreeAdminLock.AcquireAsync(entry.RepoPath, CancellationToken.None);
        var git = new GitCli(entry.RepoPath);
        var removed = await git.TryRunAsync(["worktree", "remove", "--force", entry.Path]);
        if (removed.ExitCode != 0)
        {
            _logger.LogWarning("git worktree remove {Path} failed ({Error}); deleting the directory", entry.Path, removed.StandardError.Trim());
            DeleteDirectory(entry.Path);
        }

        await git.TryRunAsync(["worktree", "prune"]);
        entry.Created = false;
        entry.RepoPath = null;
        entry.RemoveOnRelease = false;
        DeleteIfEmpty(Path.GetDirectoryName(entry.Path)!);
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static void DeleteIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // Another slot created its worktree there in the meantime.
        }
    }

    internal sealed class Entry(string path)
    {
        public string Path { get; } = path;
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public bool Created { get; set; }
        public string? RepoPath { get; set; }
        public Guid LastRunId { get; set; }
        public bool RemoveOnRelease { get; set; }

        /// <summary>The repository's settings, read when the worktree was made, call for git over libgit2 to reset and stage it.</summary>
        public bool WorktreeNeedsGit { get; set; }
    }
}

/// <summary>A worktree held by one attempt; disposing it hands the slot's worktree back to the pool.</summary>
public sealed class WorkspaceLease : IAsyncDisposable
{
    private readonly WorkspacePool _pool;
    private readonly WorkspacePool.Entry _entry;
    private int _released;

    internal WorkspaceLease(WorkspacePool pool, WorkspacePool.Entry entry)
    {
        _pool = pool;
        _entry = entry;
        Git = new GitCli(entry.Path);
    }

    public string Path => _entry.Path;

    /// <summary>The repository's settings call for git, not libgit2, to write and stage this worktree (see <see cref="GitObjectStore.WorktreeNeedsGit"/>).</summary>
    public bool NeedsGit => _entry.WorktreeNeedsGit;

    public GitCli Git { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _pool.ReleaseAsync(_entry);
        }
    }
}
