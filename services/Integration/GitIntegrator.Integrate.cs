using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Git;

namespace Uet.Integration;

public sealed partial class GitIntegrator
{
    /// <summary>
    /// Merges a finished workstream's commit into the integration branch: already there → acknowledged without a
    /// second merge; conflict → reported with the files; gates fail → reported; otherwise a two-parent commit and a
    /// compare-and-swap of the branch. The branch moves only in the last case.
    /// </summary>
    public async Task<IntegrateOutcome> IntegrateAsync(IntegrateWorkstream message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DryRun)
        {
            return Integrated(message, await DryRunHeadAsync(message, ct), alreadyIntegrated: false);
        }

        var git = GitFor(message.RepoPath);
        var branchRef = BranchRef(message.IntegrationBranch);
        var headKey = (git.RepoPath, branchRef);
        // Workers send full commit ids: trusting them saves a git process per merge (merges are serial per run, so
        // every process here is on the critical path); anything else is resolved, and a missing commit is named.
        var commit = IsFullCommitId(message.Commit) ? message.Commit : await ResolveCommitAsync(git, message, ct);

        for (var round = 1; ; round++)
        {
            // The head this process wrote last, if any; the compare-and-swap below catches it being stale.
            var head = round == 1 && knownHeads.TryGetValue(headKey, out var known) ? known : await ReadHeadAsync(git, message, ct);

            if (await git.IsAncestorAsync(commit, head, ct))
            {
                var current = await ReadHeadAsync(git, message, ct);
                knownHeads[headKey] = current;
                if (current != head && !await git.IsAncestorAsync(commit, current, ct))
                {
                    continue; // the remembered head was stale and the commit is not on the real one
                }

                logger.LogInformation("{Workstream} (attempt {Attempt}) is already on {Branch} at {Head}; not merging again",
                    message.WorkstreamId, message.Attempt, message.IntegrationBranch, current);
                return Integrated(message, current, alreadyIntegrated: true);
            }

            MergeTreeResult merge;
            try
            {
                merge = await MergeTree.MergeAsync(git, head, commit, ct);
            }
            catch (GitException)
            {
                if (await git.TryRevParseAsync(commit, ct) is null)
                {
                    throw MissingCommit(git, message);
                }

                throw;
            }

            if (!merge.IsClean)
            {
                logger.LogInformation("{Workstream} (attempt {Attempt}) conflicts with {Branch} at {Head} in {Files}",
                    message.WorkstreamId, message.Attempt, message.IntegrationBranch, head, string.Join(", ", merge.ConflictingFiles));
                return new IntegrateOutcome.Conflict(new MergeConflictDetected(
                    message.RunId, message.WorkstreamId, message.Attempt, merge.ConflictingFiles, head, clock.GetUtcNow()));
            }

            var subject = $"uet: integrate {message.WorkstreamId} (attempt {message.Attempt}) into {message.IntegrationBranch}";
            var mergeCommit = (await git.RunAsync(["commit-tree", merge.Tree, "-p", head, "-p", commit, "-m", subject], ct)).Trim();

            if (IntegrationGateRunner.HasGates(message) && await RunGatesAsync(git, message, mergeCommit, ct) is { } gateFailure)
            {
                return new IntegrateOutcome.GateFailed(gateFailure);
            }

            try
            {
                await git.RunAsync(["update-ref", "-m", subject, branchRef, mergeCommit, head], ct);
            }
            catch (GitException e) when (TransientGitErrors.IsStaleOldValue(e) && round < options.CompareAndSwapAttempts)
            {
                knownHeads.TryRemove(headKey, out _);
                // Someone else moved the branch between our read and our write: merge again onto what is there now.
                logger.LogWarning("{Branch} moved while integrating {Workstream}; merging again ({Error})",
                    message.IntegrationBranch, message.WorkstreamId, e.StandardError);
                continue;
            }

            knownHeads[headKey] = mergeCommit;
            logger.LogInformation("Integrated {Workstream} (attempt {Attempt}) into {Branch}: {Old} -> {New}",
                message.WorkstreamId, message.Attempt, message.IntegrationBranch, head, mergeCommit);
            return Integrated(message, mergeCommit, alreadyIntegrated: false);
        }
    }

    private static bool IsFullCommitId(string commit) => commit.Length == 40 && commit.All(Uri.IsHexDigit);

    private static async Task<string> ResolveCommitAsync(ResilientGit git, IntegrateWorkstream message, CancellationToken ct) =>
        await git.TryRevParseAsync(message.Commit, ct) ?? throw MissingCommit(git, message);

    private static IntegrationException MissingCommit(ResilientGit git, IntegrateWorkstream message) =>
        new($"workstream {message.WorkstreamId} (attempt {message.Attempt}): commit {message.Commit} of branch {message.Branch} is not in {git.RepoPath}");

    private static async Task<string> ReadHeadAsync(ResilientGit git, IntegrateWorkstream message, CancellationToken ct) =>
        await git.TryRevParseAsync(BranchRef(message.IntegrationBranch), ct)
            ?? throw new IntegrationException(
                $"integration branch {message.IntegrationBranch} does not exist in {git.RepoPath}: PrepareIntegration must run first for run {message.RunName}");

    private async Task<IntegrationGateFailed?> RunGatesAsync(ResilientGit git, IntegrateWorkstream message, string mergeCommit, CancellationToken ct)
    {
        await using var worktree = await ScratchWorktree.CreateAsync(
            git, mergeCommit, ScratchRootFor(message.StateDir), $"gate-{message.WorkstreamId}", logger, ct);
        return await gates.RunAsync(message, worktree.Path, ct);
    }

    private async Task<string> DryRunHeadAsync(IntegrateWorkstream message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.RepoPath) || !Directory.Exists(message.RepoPath))
        {
            return DryRunCommit;
        }

        var git = GitFor(message.RepoPath);
        var key = (git.RepoPath, message.IntegrationBranch);
        if (dryRunHeads.TryGetValue(key, out var head))
        {
            return head;
        }

        head = await git.TryRevParseAsync(BranchRef(message.IntegrationBranch), ct) ?? DryRunCommit;
        return dryRunHeads.GetOrAdd(key, head);
    }

    private IntegrateOutcome Integrated(IntegrateWorkstream message, string head, bool alreadyIntegrated) =>
        new IntegrateOutcome.Integrated(new WorkstreamIntegrated(
            message.RunId, message.WorkstreamId, message.Attempt, head, alreadyIntegrated, clock.GetUtcNow()));
}
