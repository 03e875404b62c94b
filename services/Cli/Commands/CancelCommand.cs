using System.CommandLine;

using MassTransit;

using Spectre.Console;

using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Contracts;
using Uet.Scheduler.Queries;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary>
/// <c>uet cancel &lt;run&gt;</c>: cancel running workstreams and compensate. A run hosted by another terminal is asked
/// through the state dir; an interrupted run is hosted here just long enough to compensate.
/// </summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded with the run." };
        var place = RunPlaceOptions.Create();
        var command = new Command("cancel", "Cancel a run: stop its workstreams, run compensation, revert its integration branch.") { run, reason };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(reason) ?? "cancelled with uet cancel", place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, string reason, RunPlace place, CancellationToken ct)
    {
        var console = cli.Ansi;
        var reader = place.Reader();
        var state = place.State;
        var snapshot = await reader.GetRequiredAsync(runName, ct);

        if (snapshot.IsFinal())
        {
            console.MarkupLine($"run {Markup.Escape(runName)} is already {snapshot.State}.");
            return snapshot.State == "Cancelled" ? ExitCodes.Ok : ExitCodes.Failed;
        }

        RunDetails? final;
        if (place.Cluster is { } cluster)
        {
            await cluster.PublishAsync(new CancelRun(Naming.RunIdFor(runName), reason), ct);
            console.MarkupLine($"asked {Markup.Escape(cluster.Describe)} to cancel {Markup.Escape(runName)}; waiting for compensation…");
            final = await new RunRenderer(cli, TimeProvider.System).FollowAsync(c => reader.GetAsync(runName, c), TimeSpan.FromMilliseconds(200), ct);
        }
        else if (RunLock.IsHeld(state, runName))
        {
            ControlRequests.RequestCancel(state, runName, reason);
            console.MarkupLine($"asked the process running {Markup.Escape(runName)} to cancel it; waiting for compensation…");
            final = await new RunRenderer(cli, TimeProvider.System).FollowAsync(c => reader.GetAsync(runName, c), TimeSpan.FromMilliseconds(200), ct, _ => !RunLock.IsHeld(state, runName));
        }
        else
        {
            var slots = snapshot.MaxWorkers;
            await using var session = await RunSession.StartAsync(state, runName, slots, ct);
            if (session is null)
            {
                throw new CliException($"Run '{runName}' was just taken by another uet process; try again.");
            }

            await session.Bus.Publish(new CancelRun(session.RunId, reason), ct);
            final = await session.FollowAsync(state, cli, TimeProvider.System);
        }

        RunOutcome.Write(console, final, runName);
        return final?.State == "Cancelled" ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
