using Uet.Git;

namespace Uet.Integration;

/// <summary>
/// Where a run's integration branch is kept and how its refs change. Without a hub: the user's repository itself,
/// refs moved by compare-and-swap <c>update-ref</c>. With a hub: this service's clone cache of it, refs read by
/// fetching from the hub and moved by a leased atomic push to it (the hub is the truth; the cache follows after).
/// Either way a lost compare-and-swap is an answer (false), so the callers' "merge again onto what is there" loops
/// work the same.
/// </summary>
internal sealed class RunRepository(ResilientGit git, HubClone? hub)
{
    public ResilientGit Git { get; } = git;

    public HubClone? Hub { get; } = hub;

    public string Path => Git.RepoPath;

    /// <summary>With a hub: the cache's refs matching <paramref name="patterns"/> become the hub's (fetched, or deleted when gone there).</summary>
    public async Task SyncAsync(IReadOnlyList<string> patterns, CancellationToken ct)
    {
        if (Hub is not null)
        {
            await Hub.MirrorAsync(patterns, ct);
        }
    }

    /// <summary>With a hub: brings <paramref name="commit"/> into the cache (from <paramref name="refs"/>, else by id) unless it is there.</summary>
    public async Task EnsureCommitAsync(string commit, IReadOnlyList<string> refs, CancellationToken ct)
    {
        if (Hub is not null && HubClone.IsObjectId(commit))
        {
            await Hub.EnsureCommitAsync(commit, refs, ct);
        }
    }

    /// <summary>
    /// Sets each ref when it is at its <see cref="RefUpdate.ExpectedOld"/> (null: only when it does not exist yet).
    /// False when one was not: someone else moved it (with a hub the updates are atomic: then none was set).
    /// </summary>
    public async Task<bool> UpdateRefsAsync(IReadOnlyList<RefUpdate> updates, string reflogMessage, CancellationToken ct)
    {
        if (Hub is not null)
        {
            var pushed = await Hub.PushAsync(updates, ct);
            if (!pushed.Accepted)
            {
                return false;
            }

            // The cache follows the hub, so the next read here sees what was just written there.
            foreach (var update in updates)
            {
                await Git.RunAsync(["update-ref", "-m", reflogMessage, update.Ref, update.NewValue], ct);
            }

            return true;
        }

        foreach (var update in updates)
        {
            try
            {
                await Git.RunAsync(
                    update.Force
                        ? ["update-ref", "-m", reflogMessage, update.Ref, update.NewValue]
                        : ["update-ref", "-m", reflogMessage, update.Ref, update.NewValue, update.ExpectedOld ?? ""],
                    ct);
            }
            catch (GitException e) when (TransientGitErrors.IsStaleOldValue(e))
            {
                return false;
            }
        }

        return true;
    }
}
