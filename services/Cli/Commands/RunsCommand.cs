using System.CommandLine;
using System.Text.Json;

using Spectre.Console;

using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary><c>uet runs</c>: every run in the state dir with its state, progress and age.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var place = RunPlaceOptions.Create();
        var command = new Command("runs", "List the runs of the state dir (or of a cluster): state, progress, age.") { output };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetValue(output) ?? "text", place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string output, RunPlace place, CancellationToken ct)
    {
        var runs = await place.Reader().ListAsync(ct);
        var now = TimeProvider.System.GetUtcNow();
        var rows = runs.Select(r => new
        {
            r.RunName,
            State = !RunDetailsExtensions.FinalStates.Contains(r.State) && !place.IsHosted(r.RunName) ? r.State + " (interrupted)" : r.State,
            r.Done,
            r.Failed,
            Total = r.Workstreams,
            r.CreatedAt,
            r.FinishedAt,
        }).ToList();

        if (output == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows, StatusCommand.Json));
            return ExitCodes.Ok;
        }

        var console = cli.Ansi;
        if (rows.Count == 0)
        {
            console.WriteLine($"No runs in {place.Cluster?.Describe ?? place.State.Root}.");
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("run").AddColumn("state")
            .AddColumn(new TableColumn("progress").RightAligned()).AddColumn(new TableColumn("age").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.RunName), RunRenderer.StateMarkup(row.State), $"{row.Done}/{row.Total}", RunRenderer.Format(now - row.CreatedAt));
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}
