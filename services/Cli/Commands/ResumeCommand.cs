using System.CommandLine;

using MassTransit;

using Spectre.Console;

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
        var stateDir = RunCommandOptions.StateDir();
        var command = new Command("resume", "Continue a run that was interrupted (even by kill -9), failed, cancelled or halted.") { run, budget, stateDir };
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(budget), RunCommandOptions.State(result, stateDir), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, decimal? budget, StateDirectory state, CancellationToken ct)
    {
        var console = cli.Ansi;
        var snapshot = await new RunReader(state).GetRequiredAsync(runName, ct);

        if (snapshot.State is "Completed" or "Rejected")
        {
            console.MarkupLine($"run {Markup.Escape(runName)} is {snapshot.State}: there is nothing to resume.");
            return snapshot.State == "Completed" ? ExitCodes.Ok : ExitCodes.Failed;
        }

        if (budget is < 0)
        {
            throw new CliException("--budget must be zero or more (USD).");
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
        var final = await session.FollowAsync(state, cli, TimeProvider.System);
        return RunOutcome.Write(console, final, runName);
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
