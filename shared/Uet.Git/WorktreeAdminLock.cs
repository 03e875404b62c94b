namespace Uet.Git;

/// <summary>
/// Serialises <c>git worktree add/remove/prune</c> on one repository across processes. Git takes no lock of its own
/// there: two worker replicas sharing a repository have seen one's <c>worktree add</c> fail while reading the other's
/// half-written <c>.git/worktrees/&lt;name&gt;</c> ("failed to read ... commondir"), and a <c>prune</c> could remove a
/// worktree still being made. The lock is a kernel file lock (FileShare.None is an exclusive flock on Unix) on a file
/// in the repository's git directory, so it is released when its holder exits, however it exits.
/// </summary>
public static class WorktreeAdminLock
{
    public const string FileName = "uet-worktrees.lock";

    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until this process holds the lock of the repository at <paramref name="repoPath"/>; dispose to release.</summary>
    public static async Task<IDisposable> AcquireAsync(string repoPath, CancellationToken ct)
    {
        var path = Path.Combine(await CommonDirectoryAsync(repoPath, ct), FileName);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(Retry, ct);
            }
        }
    }

    /// <summary>The git directory every worktree of the repository shares (<c>git rev-parse --git-common-dir</c>).</summary>
    public static async Task<string> CommonDirectoryAsync(string repoPath, CancellationToken ct) =>
        Path.GetFullPath(Path.Combine(repoPath, (await new GitCli(repoPath).RunAsync(["rev-parse", "--git-common-dir"], ct)).Trim()));
}
