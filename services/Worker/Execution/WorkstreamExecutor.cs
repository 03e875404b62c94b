using System.Text.RegularExpressions;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Git;
using Uet.Hosting.Telemetry;
using Uet.Worker.Tools;
using Uet.Worker.Usage;
using Uet.Worker.Workspaces;

namespace Uet.Worker.Execution;

/// <summary>
/// Carries out one attempt: worktree at the base commit, the tool, the scope check, acceptance tests and gates,
/// the commit on the workstream branch; publishes Started, heartbeats, usage, gate results and one final
/// Succeeded or Failed. It needs no bus (events go to an <see cref="IWorkerEvents"/>), so it is tested directly.
/// </summary>
public sealed partial class WorkstreamExecutor
{
    private readonly WorkspacePool _pool;
    private readonly IWorkerEvents _events;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ToolProcessRunner _runner;
    private readonly GateRunner _gates;
    private readonly HubClone? _hub;

    public WorkstreamExecutor(WorkspacePool pool, IWorkerEvents events, WorkerOptions options, TimeProvider time, ILogger<WorkstreamExecutor>? logger = null)
    {
        _pool = pool;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<WorkstreamExecutor>.Instance;
        _runner = new ToolProcessRunner(time);
        _gates = new GateRunner(_runner, events);
        if (options.Hub is { Length: > 0 } hub)
        {
            _hub = HubClone.InDataDir(new GitRemote(hub, options.HubResilience, time, _logger), options.DataDir, _logger);
        }
    }

    /// <summary>This replica's clone cache of the hub, or null when worktrees are made of each run's own repository.</summary>
    public HubClone? Hub => _hub;

    /// <summary>The attempt's log file: <c>&lt;stateDir&gt;/logs/&lt;run&gt;/&lt;ws-id&gt;/attempt-&lt;n&gt;.log</c>.</summary>
    public string LogPath(ExecuteWorkstream message) =>
        Path.Combine(AttemptDirectory(message), $"attempt-{message.Attempt}.log");

    /// <summary>Start and run in one call.</summary>
    public async Task<AttemptOutcome> ExecuteAsync(ExecuteWorkstream message, int slot, CancellationToken ct, Func<string?>? cancelReason = null)
    {
        var startedAt = await StartAsync(message, ct);
        return await RunAsync(message, slot, startedAt, ct, cancelReason);
    }

    /// <summary>Publishes WorkstreamStarted; the consumer acknowledges its message after this (DESIGN §4).</summary>
    public async Task<DateTimeOffset> StartAsync(ExecuteWorkstream message, CancellationToken ct)
    {
        var at = _time.GetUtcNow();
        await _events.PublishAsync(new WorkstreamStarted(message.RunId, message.WorkstreamId, message.Attempt, _options.WorkerId, at), ct);
        UetMetrics.AttemptStarted(message.Spec.Kind, message.Tool.Name);
        return at;
    }

    /// <summary>Runs a started attempt on a worker slot and publishes its final event, in an attempt span.</summary>
    public async Task<AttemptOutcome> RunAsync(ExecuteWorkstream message, int slot, DateTimeOffset startedAt, CancellationToken ct, Func<string?>? cancelReason = null)
    {
        using var span = UetDiagnostics.StartWorkstreamSpan(UetDiagnostics.AttemptSpan, message.RunId, message.RunName, message.WorkstreamId, message.Attempt)
            ?.SetTag(UetDiagnostics.ToolTag, message.Tool.Name)
            .SetTag(UetDiagnostics.WorkerIdTag, _options.WorkerId);
        var outcome = await RunAttemptAsync(message, slot, startedAt, ct, cancelReason);
        if (outcome.Failed is { } failed)
        {
            span?.SetTag(UetDiagnostics.FailureKindTag, failed.Kind.ToString());
            span.Fail(failed.Reason);
        }

        UetMetrics.AttemptFinished(message.Spec.Kind, message.Tool.Name, outcome.Failed?.Kind.ToString(), _time.GetUtcNow() - startedAt);
        return outcome;
    }

    private async Task<AttemptOutcome> RunAttemptAsync(ExecuteWorkstream message, int slot, DateTimeOffset startedAt, CancellationToken ct, Func<string?>? cancelReason)
    {
        if (message.DryRun)
        {
            return await PublishAsync(new AttemptOutcome(
                new WorkstreamSucceeded(message.RunId, message.WorkstreamId, message.Attempt, _options.WorkerId, message.Branch, message.BaseCommit, [], [], startedAt, _time.GetUtcNow()),
                null));
        }

        AttemptOutcome outcome;
        AttemptLog? log = null;
        using var stopHeartbeats = new CancellationTokenSource();
        var heartbeats = HeartbeatsAsync(message, stopHeartbeats.Token);
        try
        {
            log = AttemptLog.Open(LogPath(message), _time);
            log.Step($"{message.WorkstreamId} attempt {message.Attempt} of run {message.RunName} on worker {_options.WorkerId} slot {slot}, base {message.BaseCommit}");
            outcome = await RunStepsAsync(message, slot, startedAt, log, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var reason = cancelReason?.Invoke() ?? "cancelled";
            outcome = Failed(message, startedAt, new StepFailure(FailureKind.Cancelled, $"cancelled: {reason}; its processes were killed"));
        }
        catch (ToolConfigurationException ex)
        {
            outcome = Failed(message, startedAt, new StepFailure(FailureKind.Tool, ex.Message));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Attempt {Attempt} of {Workstream} failed on infrastructure", message.Attempt, message.WorkstreamId);
            outcome = Failed(message, startedAt, new StepFailure(FailureKind.Infrastructure, ex.Message));
        }
        finally
        {
            await stopHeartbeats.CancelAsync();
            await heartbeats;
        }

        log?.Step(outcome.Succeeded is { } s
            ? $"succeeded: commit {s.Commit} on {s.Branch}, {s.ChangedFiles.Count} file(s) changed"
            : $"failed ({outcome.Failed!.Kind}): {outcome.Failed.Reason}");
        log?.Dispose();
        return await PublishAsync(outcome);
    }

    private async Task<AttemptOutcome> RunStepsAsync(ExecuteWorkstream message, int slot, DateTimeOffset startedAt, AttemptLog log, CancellationToken ct)
    {
        var worktreePath = WorkspacePool.WorktreePath(StateDir(message), _options.WorkerId, slot);
        var repoPath = message.RepoPath;
        if (_hub is not null)
        {
            // The base is the integration head at dispatch: on the run's integration branch, unless it moved on since
            // (still an ancestor) or was reverted (then fetched by id).
            await _hub.EnsureCommitAsync(message.BaseCommit, ["refs/heads/" + Naming.IntegrationBranch(message.RunName)], ct);
            repoPath = _hub.Path;
        }

        await using var workspace = await _pool.AcquireAsync(repoPath, worktreePath, message.BaseCommit, message.RunId, ct);
        log.Step($"worktree {workspace.Path} reset to {message.BaseCommit}");

        if (await RunToolAsync(message, workspace.Path, log, ct) is { } toolFailure)
        {
            return Failed(message, startedAt, toolFailure);
        }

        // Staging everything and diffing against the base also catches changes the tool committed itself (aider does).
        // The tree is fixed before the gates run, so what gates leave behind is never committed. These steps run
        // in-process (libgit2): a git process each cost more than the rest of a small workstream's overhead; only
        // staging goes to git where the repository's filters or settings need it.
        var tree = workspace.NeedsGit ? await StageWithGitAsync(workspace.Git, ct) : null;
        IReadOnlyList<string> changed;
        using (var store = GitObjectStore.Open(workspace.Path))
        {
            tree ??= store.StageAll(_options.IgnoredToolFiles);
            changed = store.ChangedPaths(message.BaseCommit, tree);
        }

        var outside = ScopeMatcher.OutOfScope(changed, message.Spec);
        if (outside.Count > 0)
        {
            return Failed(message, startedAt, new StepFailure(
                FailureKind.ScopeViolation,
                $"changed {outside.Count} file(s) outside files_scope and files_create of {SourceOf(message)}: {string.Join(", ", outside)}",
                outside));
        }

        var (gateFailure, warnings) = await _gates.RunAsync(message, workspace.Path, log, ct);
        if (gateFailure is not null)
        {
            return Failed(message, startedAt, gateFailure);
        }

        var commitMessage = $"uet: {message.RunName} {message.WorkstreamId} attempt {message.Attempt}\n\nRun: {message.RunName} ({message.RunId})\nWorkstream: {message.WorkstreamId}\nAttempt: {message.Attempt}\nWorker: {_options.WorkerId}\n";
        string commit;
        using (var store = GitObjectStore.Open(workspace.Path))
        {
            commit = store.CommitTree(tree, commitMessage, _time.GetUtcNow(), message.BaseCommit);
            store.SetRef("refs/heads/" + message.Branch, commit, $"uet: {message.WorkstreamId} attempt {message.Attempt}");
        }

        if (_hub is not null)
        {
            // Before Succeeded goes out: Integration fetches the branch from the hub as soon as it hears of it.
            // One writer per workstream branch (the current attempt), so no lease.
            await _hub.PushAsync([RefUpdate.Overwrite("refs/heads/" + message.Branch, commit)], ct);
            log.Step($"pushed {commit} to {message.Branch} on hub {_hub.Hub.Location}");
        }

        return new AttemptOutcome(
            new WorkstreamSucceeded(message.RunId, message.WorkstreamId, message.Attempt, _options.WorkerId, message.Branch, commit, changed, warnings, startedAt, _time.GetUtcNow()),
            null);
    }

    /// <summary>
    /// <c>git add --all</c> and <c>git write-tree</c>, for repositories whose filters (git-lfs) or settings libgit2 would
    /// not apply; the tool's own files are left out as exclude pathspecs, at any depth as .gitignore patterns are.
    /// </summary>
    private async Task<string> StageWithGitAsync(GitCli git, CancellationToken ct)
    {
        List<string> args = ["add", "--all", "--", "."];
        foreach (var pattern in _options.IgnoredToolFiles)
        {
            var glob = pattern.Trim().TrimEnd('/');
            glob = glob.Contains('/', StringComparison.Ordinal) ? glob.TrimStart('/') : "**/" + glob;
            args.Add(":(exclude,glob)" + glob);
            args.Add(":(exclude,glob)" + glob + "/**");
        }

        await git.RunAsync(args, ct);
        return (await git.RunAsync(["write-tree"], ct)).Trim();
    }

    private async Task<StepFailure?> RunToolAsync(ExecuteWorkstream message, string worktree, AttemptLog log, CancellationToken ct)
    {
        using var span = UetDiagnostics.StartWorkstreamSpan(UetDiagnostics.ToolSpan, message.RunId, message.RunName, message.WorkstreamId, message.Attempt)
            ?.SetTag(UetDiagnostics.ToolTag, message.Tool.Name);
        var failure = await RunToolProcessesAsync(message, worktree, log, ct);
        if (failure is not null)
        {
            span?.SetTag(UetDiagnostics.FailureKindTag, failure.Kind.ToString());
            span.Fail(failure.Reason);
        }

        return failure;
    }

    /// <summary>Runs the tool's processes within one deadline for all of them, reporting usage as the output arrives.</summary>
    private async Task<StepFailure?> RunToolProcessesAsync(ExecuteWorkstream message, string worktree, AttemptLog log, CancellationToken ct)
    {
        var tool = message.Tool;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, tool.TimeoutSeconds));
        var parser = UsageParsers.For(tool.UsageFormat, tool.Model ?? (tool.Kind == ToolKind.FakeAgent ? FakeAgent.Model : null));
        var sequence = 0;
        async Task ReportAsync(IEnumerable<ParsedUsage> usage)
        {
            foreach (var u in usage)
            {
                await _events.PublishAsync(
                    new UsageReported(message.RunId, message.WorkstreamId, message.Attempt, ++sequence, u.Model, u.InputTokens, u.OutputTokens, u.CachedInputTokens, u.CostUsd, _time.GetUtcNow()),
                    ct);
            }
        }

        var promptBase = Path.Combine(AttemptDirectory(message), $"attempt-{message.Attempt}.prompt");
        var invocations = ToolInvocations.Build(message, worktree, promptBase, timeout, _options.FakeAgentCommand ?? FakeAgentLauncher.DefaultCommand());
        var started = _time.GetTimestamp();
        foreach (var invocation in invocations)
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            var result = remaining <= TimeSpan.Zero
                ? new ProcessResult(ProcessEnd.TimedOut, -1, "", "", TimeSpan.Zero)
                : await _runner.RunAsync(invocation with { Timeout = remaining }, log, line => ReportAsync(parser.ParseLine(line)), ct);
            switch (result.End)
            {
                case ProcessEnd.Cancelled:
                    ct.ThrowIfCancellationRequested();
                    break;
                case ProcessEnd.TimedOut:
                    await ReportAsync(parser.Complete());
                    return new StepFailure(FailureKind.Timeout, $"tool '{tool.Name}' timed out after {timeout.TotalSeconds:F0} s ({invocation.Description}); its process group was killed");
                case ProcessEnd.Exited when result.ExitCode != 0:
                    await ReportAsync(parser.Complete());
                    return new StepFailure(FailureKind.Tool, $"tool '{tool.Name}' ({invocation.Description}) exited with code {result.ExitCode}" + (result.LastLine.Length > 0 ? $": {result.LastLine}" : ""));
            }
        }

        await ReportAsync(parser.Complete());
        return null;
    }

    private async Task HeartbeatsAsync(ExecuteWorkstream message, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await _events.PublishAsync(new WorkstreamHeartbeat(message.RunId, message.WorkstreamId, message.Attempt, _options.WorkerId, _time.GetUtcNow()), stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Heartbeat for {Workstream} attempt {Attempt} not published", message.WorkstreamId, message.Attempt);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<AttemptOutcome> PublishAsync(AttemptOutcome outcome)
    {
        // The result must go out even when the attempt was cancelled.
        if (outcome.Succeeded is { } succeeded)
        {
            await _events.PublishAsync(succeeded, CancellationToken.None);
        }
        else
        {
            await _events.PublishAsync(outcome.Failed!, CancellationToken.None);
        }

        return outcome;
    }

    private AttemptOutcome Failed(ExecuteWorkstream message, DateTimeOffset startedAt, StepFailure failure) =>
        new(null, new WorkstreamFailed(message.RunId, message.WorkstreamId, message.Attempt, _options.WorkerId, failure.Kind, failure.Reason, failure.Files, startedAt, _time.GetUtcNow()));

    private string StateDir(ExecuteWorkstream message) => Path.GetFullPath(message.StateDir ?? _options.DataDir);

    private string AttemptDirectory(ExecuteWorkstream message) =>
        Path.Combine(StateDir(message), "logs", SafeName(message.RunName), SafeName(message.WorkstreamId));

    private static string SourceOf(ExecuteWorkstream message) =>
        message.Spec.SourceFile.Length > 0 ? message.Spec.SourceFile : $"workstream {message.WorkstreamId}";

    /// <summary>Run and workstream names become directory names; nothing in them may leave the logs directory.</summary>
    private static string SafeName(string name)
    {
        var safe = UnsafePathChars().Replace(name, "_");
        return safe is "" or "." or ".." ? "_" : safe;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafePathChars();
}
