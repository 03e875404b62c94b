using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Git;
using Uet.Hosting.Telemetry;

namespace Uet.Integration;

public sealed partial class GitIntegrator
{
    /// <summary>
    /// Merges a finished workstream's commit into the integration branch: already there → acknowledged without a
    /// second merge; conflict → reported with the files; gates fail → reported; otherwise a two-parent commit and a
    /// compare-and-swap of the branch. The branch moves only in the last case. Traced as a merge span and counted.
    /// </summary>
    public async Task<IntegrateOutcome> IntegrateAsync(IntegrateWorkstream message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = UetDiagnostics.StartWorkstreamSpan(UetDiagnostics.MergeSpan, message.RunId, message.RunName, message.WorkstreamId, message.Attempt);
        try
        {
            var outcome = await MergeAsync(message, ct);
            var name = outcome switch
            {
                IntegrateOutcome.Integrated { Event.AlreadyIntegrated: true } => "already_integrated",
                IntegrateOutcome.Integrated => "integrated",
                IntegrateOutcome.Conflict => "conflict",
                _ => "gate_failed",
            };
            span?.SetTag(UetDiagnostics.OutcomeTag, name);
            UetMetrics.Merged(name);
            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetTag(UetDiagnostics.OutcomeTag, "error");
            span.Fail(ex);
            UetMetrics.Merged("error");
            throw;
        }
    }

    private async Task<IntegrateOutcome> MergeAsync(IntegrateWorkstream message, CancellationToken ct)
    {
        if (message.DryRun)
        {
            return Integrated(message, await DryRunHeadAsync(message, ct), alreadyIntegrated: false);
        }

        var repository = RepositoryFor(message.RepoPath);
        var git = repository.Git;
        var branchRef = BranchRef(message.IntegrationBranch);
        await FetchForMergeAsync(repository, message, branchRef, ct);

        for (var round = 1; ; round++)
        {
            // Every step here is on the run's critical path (merges are serial per run), so the object-store work is
            // done in-process; only integration gates start processes. Opened per round: a fetch may have added objects.
            using var store = GitObjectStore.Open(git.RepoPath);
            var commit = store.ResolveCommit(message.Commit) ?? throw MissingCommit(repository, message);
            var head = store.ReadRef(branchRef) ?? throw MissingBranch(repository, message);
            if (store.IsAncestor(commit, head))
            {
                logger.LogInformation("{Workstream} (attempt {Attempt}) is already on {Branch} at {Head}; not merging again",
                    message.WorkstreamId, message.Attempt, message.IntegrationBranch, head);
                return Integrated(message, head, alreadyIntegrated: true);
            }

            var merge = store.Merge(head, commit);
            if (!merge.IsClean)
            {
                logger.LogInformation("{Workstream} (attempt {Attempt}) conflicts with {Branch} at {Head} in {Files}",
                    message.WorkstreamId, message.Attempt, message.IntegrationBranch, head, string.Join(", ", merge.ConflictingFiles));
                return new IntegrateOutcome.Conflict(new MergeConflictDetected(
                    message.RunId, message.WorkstreamId, message.Attempt, merge.ConflictingFiles, head, clock.GetUtcNow()));
            }

            var subject = $"uet: integrate {message.WorkstreamId} (attempt {message.Attempt}) into {message.IntegrationBranch}";
            var mergeCommit = store.CommitTree(merge.Tree!, subject, clock.GetUtcNow(), head, commit);

            if (IntegrationGateRunner.HasGates(message) && await RunGatesAsync(git, message, mergeCommit, ct) is { } gateFailure)
            {
                return new IntegrateOutcome.GateFailed(gateFailure);
            }

            var swapped = repository.Hub is null
                ? retry.Execute(() => store.CompareAndSwap(branchRef, mergeCommit, head, subject))
                : await repository.UpdateRefsAsync([new RefUpdate(branchRef, mergeCommit, head)], subject, ct);
            if (swapped)
            {
                logger.LogInformation("Integrated {Workstream} (attempt {Attempt}) into {Branch}: {Old} -> {New}",
                    message.WorkstreamId, message.Attempt, message.IntegrationBranch, head, mergeCommit);
                return Integrated(message, mergeCommit, alreadyIntegrated: false);
            }

            if (round >= options.CompareAndSwapAttempts)
            {
                throw new IntegrationException(
                    $"{message.IntegrationBranch} in {repository.Hub?.Hub.Location ?? git.RepoPath} moved under every one of {round} merges of {message.WorkstreamId}; another process keeps writing it");
            }

            // Someone else moved the branch between our read and our write: merge again onto what is there now.
            logger.LogWarning("{Branch} moved while integrating {Workstream}; merging again", message.IntegrationBranch, message.WorkstreamId);
            if (repository.Hub is not null)
            {
                await repository.Hub.FetchAsync([branchRef], ct);
            }
        }
    }

    /// <summary>
    /// With a hub: the integration branch and the workstream's branch come from it (one fetch); a workstream branch
    /// the hub no longer has at that commit (a later attempt pushed over it) is made up by fetching the commit by id.
    /// </summary>
    private static async Task FetchForMergeAsync(RunRepository repository, IntegrateWorkstream message, string branchRef, CancellationToken ct)
    {
        if (repository.Hub is not { } hub)
        {
            return;
        }

        try
        {
            await hub.FetchAsync([branchRef, BranchRef(message.Branch)], ct);
        }
        catch (GitException e) when (!TransientGitErrors.IsTransientRemote(e))
        {
            await repository.SyncAsync([branchRef], ct);
        }

        await repository.EnsureCommitAsync(message.Commit, [], ct);
    }

    private static IntegrationException MissingCommit(RunRepository repository, IntegrateWorkstream message) =>
        new($"workstream {message.WorkstreamId} (attempt {message.Attempt}): commit {message.Commit} of branch {message.Branch} is not in {repository.Hub?.Hub.Location ?? repository.Path}");

    private static IntegrationException MissingBranch(RunRepository repository, IntegrateWorkstream message) =>
        new($"integration branch {message.IntegrationBranch} does not exist in {repository.Hub?.Hub.Location ?? repository.Path}: PrepareIntegration must run first for run {message.RunName}");

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
