using Microsoft.Extensions.Logging;

using Uet.Git;

namespace Uet.Integration;

/// <summary>
/// A temporary detached worktree of one commit, for gates and compensation actions. The user's own working
/// tree and index are never touched; the worktree is removed (and git's record of it pruned) on dispose.
/// </summary>
internal sealed class ScratchWorktree : IAsyncDisposable
{
    private readonly ResilientGit git;
    private readonly ILogger logger;

    private ScratchWorktree(ResilientGit git, string path, ILogger logger)
    {
        this.git = git;
        Path = path;
        this.logger = logger;
    }

    public string Path { get; }

    public static async Task<ScratchWorktree> CreateAsync(
        ResilientGit git, string commit, string root, string label, ILogger logger, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        // The label comes from plan ids; keep it to safe characters so the path stays inside the root.
        var safeLabel = new string(label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        var path = System.IO.Path.Combine(root, $"{safeLabel.TrimStart('.')}-{Guid.NewGuid():N}");
        await git.RunAsync(["worktree", "add", "--detach", "--quiet", path, commit], ct);
        return new ScratchWorktree(git, path, logger);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Not the caller's token: a cancelled step must still clean up after itself.
            await git.RunAsync(["worktree", "remove", "--force", Path], CancellationToken.None);
        }
        catch (GitException e)
        {
            logger.LogWarning("Could not remove the scratch worktree {Path} ({Error}); deleting it by hand", Path, e.StandardError);
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }

            await git.TryRunAsync(["worktree", "prune"], CancellationToken.None);
        }
    }
}
