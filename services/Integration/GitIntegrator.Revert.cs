using Microsoft.Extensions.Logging;

using Uet.Contracts;
using Uet.Git;

namespace Uet.Integration;

public sealed partial class GitIntegrator
{
    /// <summary>
    /// Compensation: runs the given workstreams' compensation actions (in the order given; a failure is reported,
    /// never stops the revert), then moves the integration branch back to its base, keeping the old head under an
    /// archive ref. A second delivery finds the branch at its base with an archive already made and changes nothing.
    /// </summary>
    public async Task<IntegrationReverted> RevertAsync(RevertIntegration message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DryRun)
        {
            return new IntegrationReverted(message.RunId, null, message.BaseCommit, [], clock.GetUtcNow());
        }

        var repository = RepositoryFor(message.RepoPath);
        var git = repository.Git;
        var branchRef = BranchRef(message.IntegrationBranch);
        var archivePattern = ArchivePrefix(message.RunName) + "*";
        await repository.SyncAsync([branchRef, archivePattern], ct);
        await repository.EnsureCommitAsync(message.BaseCommit, [BaseMarkerRef(message.RunName)], ct);
        var baseCommit = await git.TryRevParseAsync(message.BaseCommit, ct)
            ?? throw new IntegrationException(
                $"cannot revert {message.IntegrationBranch} of run {message.RunName}: base commit {message.BaseCommit} is not in {repository.Hub?.Hub.Location ?? git.RepoPath}");

        var head = await git.TryRevParseAsync(branchRef, ct);
        var archives = await ArchivesAsync(git, message.RunName, ct);
        var failures = new List<string>();
        if (head == baseCommit && archives.Count > 0)
        {
            if (message.Compensations.Any(c => c.Actions.Count > 0))
            {
                logger.LogInformation("{Branch} of run {Run} is already reverted (archive {Archive}); compensation actions ran then and are not repeated",
                    message.IntegrationBranch, message.RunName, archives[^1].Ref);
            }
        }
        else
        {
            failures.AddRange(await RunCompensationsAsync(git, message, head ?? baseCommit, ct));
        }

        string? archiveRef = null;
        for (var round = 1; head is not null && head != baseCommit; round++)
        {
            archiveRef = archives.FirstOrDefault(a => a.Commit == head)?.Ref ?? await ArchiveAsync(repository, message.RunName, head, ct);
            if (await repository.UpdateRefsAsync([new RefUpdate(branchRef, baseCommit, head)], $"uet: revert integration of run {message.RunName}", ct))
            {
                logger.LogInformation("Reverted {Branch} of run {Run} to {Base}; the old head {Head} is kept as {Archive}",
                    message.IntegrationBranch, message.RunName, baseCommit, head, archiveRef);
                break;
            }

            if (round >= options.CompareAndSwapAttempts)
            {
                throw new IntegrationException(
                    $"{message.IntegrationBranch} in {repository.Hub?.Hub.Location ?? git.RepoPath} moved under every one of {round} reverts of run {message.RunName}; another process keeps writing it");
            }

            await repository.SyncAsync([branchRef, archivePattern], ct);
            head = await git.TryRevParseAsync(branchRef, ct);
            archives = await ArchivesAsync(git, message.RunName, ct);
            archiveRef = null;
        }

        return new IntegrationReverted(message.RunId, archiveRef, baseCommit, failures, clock.GetUtcNow());
    }

    private async Task<List<string>> RunCompensationsAsync(ResilientGit git, RevertIntegration message, string commit, CancellationToken ct)
    {
        var steps = message.Compensations.Where(c => c.Actions.Count > 0).ToList();
        if (steps.Count == 0)
        {
            return [];
        }

        ScratchWorktree worktree;
        try
        {
            worktree = await ScratchWorktree.CreateAsync(git, commit, ScratchRootFor(message.StateDir), "compensate", logger, ct);
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            return steps.Select(s => $"{s.WorkstreamId}: compensation not run, no worktree of {commit} could be made: {e.Message}").ToList();
        }

        await using (worktree)
        {
            var failures = new List<string>();
            foreach (var step in steps)
            {
                var environment = ScriptEnvironment.For(message.RunId, message.RunName, step.WorkstreamId);
                foreach (var action in step.Actions)
                {
                    var result = await ShellStep.RunAsync(
                        action, worktree.Path, environment, options.CompensationTimeout, options.OutputTailChars, clock, ct);
                    if (result.Succeeded)
                    {
                        logger.LogInformation("Compensation of {Workstream} in run {Run} ran `{Action}`: {Output}",
                            step.WorkstreamId, message.RunName, action, result.OutputTail.TrimEnd());
                        continue;
                    }

                    var failure = $"{step.WorkstreamId}: `{action}` {result.Describe(options.CompensationTimeout)}: {result.OutputTail.TrimEnd()}".TrimEnd(' ', ':');
                    logger.LogWarning("Compensation of {Workstream} in run {Run} failed: {Failure}", step.WorkstreamId, message.RunName, failure);
                    failures.Add(failure);
                }
            }

            return failures;
        }
    }

    private sealed record Archive(string Ref, string Commit);

    private static async Task<List<Archive>> ArchivesAsync(ResilientGit git, string runName, CancellationToken ct)
    {
        var listing = await git.RunAsync(["for-each-ref", "--sort=refname", "--format=%(refname) %(objectname)", ArchivePrefix(runName)], ct);
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(parts => new Archive(parts[0], parts[1]))
            .ToList();
    }

    /// <summary>Creates the archive ref (create-only, so two reverts in the same millisecond cannot overwrite each other).</summary>
    private async Task<string> ArchiveAsync(RunRepository repository, string runName, string head, CancellationToken ct)
    {
        var name = Naming.ArchiveRef(runName, clock.GetUtcNow());
        for (var suffix = 0; ; suffix++)
        {
            var candidate = suffix == 0 ? name : $"{name}-{suffix}";
            if (await repository.UpdateRefsAsync([new RefUpdate(candidate, head, null)], $"uet: archive integration head of run {runName}", ct))
            {
                return candidate;
            }

            if (suffix >= 100)
            {
                throw new IntegrationException($"no free archive ref for run {runName}: {name} and 100 suffixed names are taken");
            }
        }
    }

    /// <summary><c>refs/uet/archive/&lt;run&gt;/</c>.</summary>
    private static string ArchivePrefix(string runName)
    {
        var prefix = Naming.ArchiveRef(runName, DateTimeOffset.UnixEpoch);
        return prefix[..(prefix.LastIndexOf('/') + 1)];
    }
}
