using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Git;

namespace Uet.Integration;

public sealed partial class GitIntegrator
{
    /// <summary>
    /// Creates <c>uet/&lt;run&gt;/integration</c> at the base ref, or keeps it when it exists (a resumed or
    /// redelivered Prepare) and reports its head. Bad input becomes <see cref="IntegrationPreparationFailed"/>.
    /// </summary>
    public async Task<PrepareOutcome> PrepareAsync(PrepareIntegration message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DryRun)
        {
            return new PrepareOutcome.Prepared(await PrepareDryRunAsync(message, ct));
        }

        try
        {
            return await PrepareBranchAsync(message, ct);
        }
        catch (Exception e) when (e is GitException or IntegrationException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Preparing {Branch} for run {Run} failed: {Error}", message.IntegrationBranch, message.RunName, e.Message);
            return Failed(message, e.Message);
        }
    }

    private async Task<PrepareOutcome> PrepareBranchAsync(PrepareIntegration message, CancellationToken ct)
    {
        if (Failure(message, hub is not null) is { } invalid)
        {
            return Failed(message, invalid);
        }

        var repository = RepositoryFor(message.RepoPath);
        var git = repository.Git;
        if (hub is not null)
        {
            await hub.EnsureAsync(ct);
        }

        var probe = await git.TryRunAsync(["rev-parse", "--git-dir"], ct);
        if (probe.ExitCode != 0)
        {
            return Failed(message, $"{git.RepoPath} is not a git repository ({probe.StandardError.Trim()}): pass --repo the root of a git checkout");
        }

        var branchRef = BranchRef(message.IntegrationBranch);
        if ((await git.TryRunAsync(["check-ref-format", branchRef], ct)).ExitCode != 0)
        {
            return Failed(message, $"'{message.IntegrationBranch}' is not a valid branch name: choose a run id without spaces, '..', '~', '^', ':' or a trailing '.lock'");
        }

        await repository.SyncAsync([branchRef, BaseMarkerRef(message.RunName), Naming.SubmittedBaseRef(message.RunName)], ct);
        var baseCommit = await ResolveBaseAsync(repository, message, ct);
        if (baseCommit is null)
        {
            return Failed(message, hub is null
                ? $"base ref '{message.BaseRef}' does not name a commit in {git.RepoPath}: pass --base an existing branch, tag or commit"
                : $"base ref '{message.BaseRef}' of run {message.RunName} is not on hub {hub.Hub.Location}: submit with `uet run --hub {hub.Hub.Location}` (it pushes the base commit there), or push that commit to {Naming.SubmittedBaseRef(message.RunName)} on the hub");
        }

        var head = await git.TryRevParseAsync(branchRef, ct);
        if (head is null)
        {
            // Create only, so a concurrent Prepare (here or on another integrator) cannot be overwritten.
            var created = await repository.UpdateRefsAsync([new RefUpdate(branchRef, baseCommit, null)], $"uet: create integration branch of run {message.RunName}", ct);
            if (created)
            {
                await repository.UpdateRefsAsync([RefUpdate.Overwrite(BaseMarkerRef(message.RunName), baseCommit)], $"uet: base of run {message.RunName}", ct);
                logger.LogInformation("Created {Branch} at {Base} ({BaseRef}) for run {Run}", message.IntegrationBranch, baseCommit, message.BaseRef, message.RunName);
                return Prepared(message, baseCommit, baseCommit);
            }

            // Another Prepare of the same run created it between our read and our write: keep theirs.
            await repository.SyncAsync([branchRef, BaseMarkerRef(message.RunName)], ct);
            head = await git.TryRevParseAsync(branchRef, ct)
                ?? throw new IntegrationException($"creating {message.IntegrationBranch} in {repository.Hub?.Hub.Location ?? git.RepoPath} lost to another writer, yet the branch is not there");
        }

        var recordedBase = await git.TryRevParseAsync(BaseMarkerRef(message.RunName), ct);
        var reportedBase = recordedBase is not null && await git.IsAncestorAsync(recordedBase, head, ct)
            ? recordedBase
            : await BaseOfExistingBranchAsync(git, baseCommit, head, ct);
        logger.LogInformation("Kept existing {Branch} at {Head} (base {Base}) for run {Run}", message.IntegrationBranch, head, reportedBase, message.RunName);
        return Prepared(message, reportedBase, head);
    }

    /// <summary>A branch made before base markers existed: its base is the base ref, or where the two parted if the base ref moved on.</summary>
    private static async Task<string> BaseOfExistingBranchAsync(ResilientGit git, string baseCommit, string head, CancellationToken ct)
    {
        if (await git.IsAncestorAsync(baseCommit, head, ct))
        {
            return baseCommit;
        }

        var mergeBase = await git.TryRunAsync(["merge-base", baseCommit, head], ct);
        return mergeBase.ExitCode == 0 ? mergeBase.StandardOutput.Trim() : baseCommit;
    }

    private async Task<IntegrationPrepared> PrepareDryRunAsync(PrepareIntegration message, CancellationToken ct)
    {
        string baseCommit = DryRunCommit, head = DryRunCommit;
        if (Failure(message) is null && Directory.Exists(message.RepoPath))
        {
            var git = GitFor(message.RepoPath);
            if (await git.TryRevParseAsync(message.BaseRef, ct) is { } resolved)
            {
                baseCommit = resolved;
                head = await git.TryRevParseAsync(BranchRef(message.IntegrationBranch), ct) ?? resolved;
            }

            dryRunHeads[(git.RepoPath, message.IntegrationBranch)] = head;
        }

        return new IntegrationPrepared(message.RunId, message.IntegrationBranch, baseCommit, head);
    }

    /// <summary>
    /// The base commit: the base ref resolved in the repository. With a hub, a base given as a commit id (what
    /// <c>uet run --hub</c> submits) is fetched from the hub when the cache lacks it.
    /// </summary>
    private static async Task<string?> ResolveBaseAsync(RunRepository repository, PrepareIntegration message, CancellationToken ct)
    {
        if (repository.Hub is not null && HubClone.IsObjectId(message.BaseRef) && !await repository.Hub.HasCommitAsync(message.BaseRef, ct))
        {
            try
            {
                await repository.EnsureCommitAsync(message.BaseRef, [], ct);
            }
            catch (GitException e) when (!TransientGitErrors.IsTransientRemote(e))
            {
                return null;
            }
        }

        return await repository.Git.TryRevParseAsync(message.BaseRef, ct);
    }

    /// <summary>With a hub the run's repository path names the user's checkout on another machine: it is not read here.</summary>
    private static string? Failure(PrepareIntegration message, bool viaHub = false) =>
        !viaHub && string.IsNullOrWhiteSpace(message.RepoPath) ? "no repository path was given: pass --repo a git checkout"
        : !viaHub && !Directory.Exists(message.RepoPath) ? $"repository {message.RepoPath} does not exist: pass --repo an existing git checkout"
        : string.IsNullOrWhiteSpace(message.BaseRef) ? "no base ref was given: pass --base a branch, tag or commit"
        : string.IsNullOrWhiteSpace(message.IntegrationBranch) ? "no integration branch name was given"
        : null;

    private static PrepareOutcome Prepared(PrepareIntegration message, string baseCommit, string head) =>
        new PrepareOutcome.Prepared(new IntegrationPrepared(message.RunId, message.IntegrationBranch, baseCommit, head));

    private static PrepareOutcome Failed(PrepareIntegration message, string reason) =>
        new PrepareOutcome.Failed(new IntegrationPreparationFailed(message.RunId, reason));
}
