using System.CommandLine;

using Spectre.Console;

using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary><c>uet watch &lt;run&gt;</c>: the live view of a run hosted by another process.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var place = RunPlaceOptions.Create();
        var command = new Command("watch", "Follow a run live until it ends (exit 0 if it completes, 1 otherwise).") { run };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, RunPlace place, CancellationToken ct)
    {
        var console = cli.Ansi;
        var reader = place.Reader();
        var snapshot = await reader.GetRequiredAsync(runName, ct);

        if (!snapshot.IsFinal() && !place.IsHosted(runName))
        {
            console.Write(new RunRenderer(cli, TimeProvider.System).BuildTable(snapshot));
            console.MarkupLine($"[yellow]No process is running it[/] (interrupted): `uet resume {Markup.Escape(runName)}` continues it.");
            return ExitCodes.Failed;
        }

        var final = await new RunRenderer(cli, TimeProvider.System).FollowAsync(c => reader.GetAsync(runName, c), TimeSpan.FromMilliseconds(250), ct, _ => !place.IsHosted(runName));
        return RunOutcome.Write(console, final, runName);
    }
}
