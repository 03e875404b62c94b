using System.CommandLine;

using MassTransit;

using Spectre.Console;

using Uet.Cli.Cluster;
using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Contracts;
using Uet.Git;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary>
/// <c>uet resume &lt;run&gt;</c>: host an interrupted, failed, cancelled or halted run again. What is DONE stays done;
/// what was running when the process died is dispatched again with a new attempt.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var budget = new Option<decimal?>("--budget") { Description = "A new run budget in USD (to resume a run halted by its budget)." };
        var place = RunPlaceOptions.Create();
        var hub = RunHub.Option();
        var command = new Command("resume", "Continue a run that was interrupted (even by kill -9), failed, cancelled or halted.") { run, budget, hub };
        place.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var where = place.Resolve(result);
            return ExecuteAsync(
                CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(budget), where, RunHub.Resolve(result, hub, where.Cluster is not null), ct);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, decimal? budget, RunPlace place, RunHub? hub, CancellationToken ct)
    {
        var console = cli.Ansi;
        var state = place.State;
        var reader = place.Reader();
        var snapshot = await reader.GetRequiredAsync(runName, ct);

        if (snapshot.State is "Completed" or "Rejected")
        {
            console.MarkupLine($"run {Markup.Escape(runName)} is {snapshot.State}: there is nothing to resume.");
            return snapshot.State == "Completed" ? ExitCodes.Ok : ExitCodes.Failed;
        }

        if (budget is < 0)
        {
            throw new CliException("--budget must be zero or more (USD).");
        }

        if (place.Cluster is { } cluster)
        {
            var runId = Naming.RunIdFor(runName);
            console.MarkupLine($"resuming run [bold]{Markup.Escape(runName)}[/] ({snapshot.State}, {Progress.RunRenderer.Summary(snapshot)}) on {Markup.Escape(cluster.Describe)}");
            await cluster.PublishAsync(new ResumeRun(runId, budget, TimeProvider.System.GetUtcNow()), ct);
            await WaitUntilChangedAsync(reader, snapshot, ct);
            var done = await RunFollower.FollowAsync(cli, reader, runName, reason => cluster.PublishAsync(new CancelRun(runId, reason), CancellationToken.None), TimeProvider.System);
            if (hub is not null && done is not null && Progress.RunDetailsExtensions.IsFinal(done) && !snapshot.DryRun && snapshot.RepoPath is { } repo && Directory.Exists(repo))
            {
                await hub.BringBackAsync(console, repo, runName, ct);
            }

            return RunOutcome.Write(console, done, runName);
        }

        var slots = snapshot.MaxWorkers;
        await using var session = await RunSession.StartAsync(state, runName, slots, ct);
        if (session is null)
        {
            throw new CliException($"Run '{runName}' is being run by another uet process: follow it with `uet watch {runName}`.");
        }

        await RemoveLeftoverWorktreesAsync(state, runName, snapshot.RepoPath, ct);
        console.MarkupLine($"resuming run [bold]{Markup.Escape(runName)}[/] ({snapshot.State}, {Progress.RunRenderer.Summary(snapshot)})");
        await session.Bus.Publish(new ResumeRun(session.RunId, budget, TimeProvider.System.GetUtcNow()), ct);
        if (Progress.RunDetailsExtensions.IsFinal(snapshot))
        {
            // A halted, failed or cancelled run would end the view before the saga took the resume.
            await WaitUntilChangedAsync(reader, snapshot, ct);
        }

        var final = await session.FollowAsync(state, cli, TimeProvider.System);
        return RunOutcome.Write(console, final, runName);
    }

    /// <summary>The Scheduler takes the resume in its own time; follow only once the run moved, or its final state would end the view at once.</summary>
    private static async Task WaitUntilChangedAsync(RunReader reader, Scheduler.Queries.RunDetails before, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (await reader.GetAsync(before.RunName, ct) is { } now && now.UpdatedAt == before.UpdatedAt)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new CliException($"The Scheduler did not take up the resume of {before.RunName} within a minute (on a cluster: check that it runs, `scripts/cluster.sh status`).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>A killed process leaves its slot worktrees registered in the repository; start the resumed run without them.</summary>
    private static async Task RemoveLeftoverWorktreesAsync(StateDirectory state, string runName, string? repoPath, CancellationToken ct)
    {
        var leftovers = EmbeddedHost.LeftoverWorktrees(state, runName).ToList();
        if (leftovers.Count == 0 || repoPath is null || !Directory.Exists(repoPath))
        {
            return;
        }

        var git = new GitCli(repoPath);
        foreach (var path in leftovers)
        {
            await git.TryRunAsync(["worktree", "remove", "--force", path], ct);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        await git.TryRunAsync(["worktree", "prune"], ct);
    }
}
