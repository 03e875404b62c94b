using System.CommandLine;
using System.Data.Common;

using MassTransit;

using Spectre.Console;

using Uet.Cli.Cluster;
using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Cli.Runs;
using Uet.Cli.Validate;
using Uet.Contracts;
using Uet.Contracts.Plans;
using Uet.Domain;
using Uet.Git;
using Uet.Hosting;
using Uet.Hosting.Telemetry;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Commands;

/// <summary><c>uet run &lt;plan&gt;</c>: validate, then execute the plan with every service hosted in this process, or on a cluster.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "Plan folder (bundles and an optional plan.json) or a single bundle file." };
        var repo = new Option<string?>("--repo") { Description = "Git repository the workstreams change. Default: the current directory's repository." };
        var baseRef = new Option<string?>("--base") { Description = "Ref the integration branch starts from. Default: plan.json base_ref, else HEAD." };
        var maxWorkers = new Option<int?>("--max-workers") { Description = "Workstreams running at once. Default: plan.json max_workers, else 4." };
        var failFast = new Option<bool>("--fail-fast") { Description = "Compensate at the first unrecoverable failure (default)." };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Finish everything that does not depend on a failure; dependents are skipped." };
        var runId = new Option<string?>("--run-id") { Description = "Name of the run (letters, digits, . _ -). Default: a timestamp." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Drive the whole message flow with every tool and gate a no-op; the repository is not touched." };
        var budget = new Option<string?>("--budget") { Description = "Run budget in US dollars (zero or more); overrides plan.json's budget.max_cost_usd.", HelpName = "USD" };
        var budgetMode = new Option<string?>("--budget-mode") { Description = "What an exceeded budget does: halt, warn or continue. Default: plan.json budget.mode, else halt.", HelpName = "halt|warn|continue" };
        var place = RunPlaceOptions.Create();
        var hub = RunHub.Option();

        var command = new Command("run", "Run a plan: validate it, then execute every workstream in parallel and integrate the results (in this process, or on a cluster).")
        {
            plan, repo, baseRef, maxWorkers, failFast, keepGoing, runId, dryRun, budget, budgetMode,
        };
        place.AddTo(command);
        command.Options.Add(hub);
        command.SetAction((result, ct) =>
        {
            var where = place.Resolve(result);
            return ExecuteAsync(
            CliConsole.For(result),
            new RunRequest(
                result.GetRequiredValue(plan),
                result.GetValue(repo),
                result.GetValue(baseRef),
                result.GetValue(maxWorkers),
                result.GetValue(failFast),
                result.GetValue(keepGoing),
                result.GetValue(runId),
                result.GetValue(dryRun),
                where,
                result.GetValue(budget),
                result.GetValue(budgetMode),
                RunHub.Resolve(result, hub, where.Cluster is not null)),
            ct);
        });
        return command;
    }

    private sealed record RunRequest(
        string PlanPath,
        string? Repo,
        string? BaseRef,
        int? MaxWorkers,
        bool FailFast,
        bool KeepGoing,
        string? RunName,
        bool DryRun,
        RunPlace Place,
        string? Budget,
        string? BudgetMode,
        RunHub? Hub);

    private static async Task<int> ExecuteAsync(ICliConsole cli, RunRequest request, CancellationToken ct)
    {
        var console = cli.Ansi;
        var time = TimeProvider.System;

        if (request.FailFast && request.KeepGoing)
        {
            throw new CliException("--fail-fast and --keep-going exclude each other: give one of them.");
        }

        if (request.MaxWorkers is < 1)
        {
            throw new CliException("--max-workers must be 1 or more.");
        }

        if (request.RunName is { } name && !Naming.IsValidRunName(name))
        {
            throw new CliException($"--run-id '{name}' is not a valid run name: use letters, digits, '.', '_' and '-' (it becomes part of a branch name).");
        }

        var budgetUsd = RunCommandOptions.BudgetUsd(request.Budget);
        var budgetMode = RunCommandOptions.BudgetModeOf(request.BudgetMode);

        IReadOnlyList<PlanFile> files;
        try
        {
            files = PlanSource.ReadFiles(request.PlanPath);
        }
        catch (PlanInputException e)
        {
            throw new CliException(e.Message);
        }

        var planName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.PlanPath)));
        var report = PlanInspector.Inspect(planName, files, new InspectOptions { MaxWorkers = request.MaxWorkers });
        if (!report.IsValid || report.Plan is null)
        {
            ValidationTextView.Write(cli, report, planName);
            console.MarkupLine($"[red]The plan is invalid[/]: nothing was run. Check it with `uet validate {Markup.Escape(request.PlanPath)}`.");
            return ExitCodes.Failed;
        }

        var runName = request.RunName ?? Naming.NewRunName(time);
        var reader = request.Place.Reader();
        // Looking the name up builds the Scheduler's database model first, about a third of a second of one core: it
        // goes on beside git's answers and (embedded) the host's start-up, instead of before them.
        var existing = Task.Run(() => reader.GetAsync(runName, ct), ct);

        var repo = await ResolveRepositoryAsync(request.Repo, ct);
        if (repo is null)
        {
            throw new CliException($"{Path.GetFullPath(request.Repo ?? ".")} is not inside a git repository: pass --repo PATH of a repository to work on.");
        }

        var baseRef = request.BaseRef ?? report.Plan.Settings.BaseRef ?? "HEAD";
        if (await new GitCli(repo).TryRevParseAsync(baseRef, ct) is null)
        {
            throw new CliException($"--base '{baseRef}' names no commit in {repo}: give a branch, tag or commit that exists.");
        }

        var slots = request.MaxWorkers ?? report.Plan.Settings.MaxWorkers;
        // Opened, not started: nothing runs until the name is known to be free.
        var opening = request.Place.Cluster is null ? RunSession.OpenAsync(request.Place.State, runName, slots, ct) : null;
        if (await IsTakenAsync(existing, opening, reader, runName, ct))
        {
            if (opening is not null && await opening is { } unused)
            {
                await unused.DisposeAsync();
            }

            throw new CliException($"A run named '{runName}' exists already in {request.Place.Cluster?.Describe ?? request.Place.State.Root}: continue it with `uet resume {runName}`, or choose another --run-id.");
        }

        var options = new RunOptions
        {
            RunName = runName,
            RepoPath = repo,
            BaseRef = baseRef,
            MaxWorkers = request.MaxWorkers,
            FailurePolicy = request.KeepGoing ? FailurePolicy.KeepGoing : request.FailFast ? FailurePolicy.FailFast : null,
            DryRun = request.DryRun,
            BudgetUsd = budgetUsd,
            BudgetMode = budgetMode,
            // On a cluster each worker keeps logs and worktrees in its own data dir.
            StateDir = request.Place.Cluster is null ? request.Place.State.Root : null,
        };
        var runId = Naming.RunIdFor(runName);
        var dry = request.DryRun ? " [yellow](dry run)[/]" : "";

        if (request.Place.Cluster is { } cluster)
        {
            console.MarkupLine($"run [bold]{runName}[/]: {report.Plan.Workstreams.Count} workstreams of {Markup.Escape(planName)} on {Markup.Escape(repo)} from {Markup.Escape(baseRef)}, on {Markup.Escape(cluster.Describe)}{dry}");
            var hub = request.DryRun ? null : request.Hub;
            if (hub is not null)
            {
                // The services see the hub, not this repository: the base goes there first, pinned as a commit id.
                var baseCommit = await new GitCli(repo).RevParseAsync(baseRef, ct);
                await hub.PushBaseAsync(repo, runName, baseCommit, ct);
                options = options with { BaseRef = baseCommit };
                console.MarkupLine($"pushed base {baseCommit[..12]} to the hub {Markup.Escape(hub.Location)}");
            }

            using var tracing = UetTelemetry.StartClientTracing("uet", TelemetrySettings.FromEnvironment());
            using var clusterRunSpan = UetDiagnostics.StartRun(runName, runId);
            await cluster.PublishAsync(new SubmitPlan(runId, planName, files, options, time.GetUtcNow()), ct);
            await WaitUntilTakenAsync(reader, runName, cluster, time, ct);
            var done = await RunFollower.FollowAsync(cli, reader, runName, reason => cluster.PublishAsync(new CancelRun(runId, reason), CancellationToken.None), time);
            if (hub is not null && done is not null && done.IsFinal())
            {
                await hub.BringBackAsync(console, repo, runName, ct);
            }

            return RunOutcome.Write(console, done, runName);
        }

        await using var session = await opening!;
        if (session is null)
        {
            throw new CliException($"Run '{runName}' is held by another uet process.");
        }

        await session.StartAsync(ct);

        console.MarkupLine($"run [bold]{runName}[/]: {report.Plan.Workstreams.Count} workstreams of {Markup.Escape(planName)} on {Markup.Escape(repo)} from {Markup.Escape(baseRef)}{dry}");
        // The run's trace: MassTransit carries it from this publish into every message the run causes.
        using var runSpan = UetDiagnostics.StartRun(runName, runId);
        await session.Bus.Publish(new SubmitPlan(session.RunId, planName, files, options, time.GetUtcNow()), ct);
        var final = await session.FollowAsync(request.Place.State, cli, time);
        return RunOutcome.Write(console, final, runName);
    }

    /// <summary>
    /// Whether a run of that name exists. The lookup ran beside the migrations: should it have failed on a database
    /// they were still changing, it is asked again once they are done.
    /// </summary>
    private static async Task<bool> IsTakenAsync(Task<RunDetails?> existing, Task<RunSession?>? opening, RunReader reader, string runName, CancellationToken ct)
    {
        try
        {
            return await existing is not null;
        }
        catch (DbException) when (opening is not null)
        {
            await opening;
            return await reader.GetAsync(runName, ct) is not null;
        }
    }

    /// <summary>A cluster whose Scheduler is not running would leave the view waiting forever: say so instead.</summary>
    private static async Task WaitUntilTakenAsync(RunReader reader, string runName, ClusterConnection cluster, TimeProvider time, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (await reader.GetAsync(runName, ct) is null)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new CliException($"No Scheduler on {cluster.Describe} took run {runName} within 60 s: is the cluster running (`scripts/cluster.sh status`)? The run is queued and starts when it is.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }
    }

    private static async Task<string?> ResolveRepositoryAsync(string? repo, CancellationToken ct)
    {
        var path = Path.GetFullPath(repo ?? Environment.CurrentDirectory);
        if (!Directory.Exists(path))
        {
            return null;
        }

        var result = await new GitCli(path).TryRunAsync(["rev-parse", "--show-toplevel"], ct);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }
}
