using Polly;

using Uet.Git;

namespace Uet.Integration;

/// <summary><see cref="GitCli"/> for one repository, with lock contention retried by the shared Polly pipeline.</summary>
internal sealed class ResilientGit(string repoPath, ResiliencePipeline retry)
{
    private readonly GitCli git = new(repoPath);

    public string RepoPath => git.WorkingDirectory;

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken ct) =>
        await retry.ExecuteAsync(async token => await git.RunAsync(args, token), ct);

    /// <summary>For commands whose exit code is an answer (merge-tree, is-ancestor); they take no locks, so no retry.</summary>
    public Task<GitResult> TryRunAsync(IReadOnlyList<string> args, CancellationToken ct) => git.TryRunAsync(args, ct);

    public Task<string?> TryRevParseAsync(string rev, CancellationToken ct) => git.TryRevParseAsync(rev, ct);

    public Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken ct) =>
        git.IsAncestorAsync(ancestor, descendant, ct);
}
