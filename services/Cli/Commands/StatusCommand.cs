using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

using Spectre.Console;

using Uet.Cli.Embedded;
using Uet.Cli.Output;
using Uet.Cli.Progress;

namespace Uet.Cli.Commands;

using Uet.Cli.Runs;

/// <summary><c>uet status &lt;run&gt;</c>: the saga's state and every workstream's state, attempt, branch and commit.</summary>
internal static class StatusCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var place = RunPlaceOptions.Create();
        var command = new Command("status", "Show a run's state and every workstream's state, attempt, branch and commit.") { run, output };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(output) ?? "text", place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, string output, RunPlace place, CancellationToken ct)
    {
        var snapshot = await place.Reader().GetRequiredAsync(runName, ct);

        var hosted = place.IsHosted(runName);
        if (output == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new { run = snapshot, hosted }, Json));
            return ExitCodes.Ok;
        }

        var console = cli.Ansi;
        console.Write(new RunRenderer(cli, TimeProvider.System).BuildTable(snapshot));
        if (!snapshot.IsFinal() && !hosted)
        {
            console.MarkupLine($"[yellow]No process is running it[/] (interrupted): `uet resume {Markup.Escape(runName)}` continues it.");
        }

        if (snapshot.IntegrationBranch is { Length: > 0 } branch)
        {
            console.MarkupLine($"integration branch: {Markup.Escape(branch)} at {Markup.Escape(snapshot.IntegrationHead ?? "?")}");
        }

        if (BudgetText.Status(snapshot.Budget) is { } budget)
        {
            console.WriteLine(budget);
        }

        if (snapshot.Budget?.Notice is { Length: > 0 } notice)
        {
            console.MarkupLine($"last budget event: [yellow]{Markup.Escape(notice)}[/]");
        }

        return ExitCodes.Ok;
    }
}
