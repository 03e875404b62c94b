using System.CommandLine;

using Uet.Cli.Output;
using Uet.Cli.Reports;
using Uet.Cli.Runs;
using Uet.Metrics.Reports;
using Uet.Metrics.Store;

namespace Uet.Cli.Commands;

/// <summary>
/// <c>uet report &lt;run&gt;</c>: the run's figures, workstreams, gates, cost and budget from the event store, as text, JSON or a
/// self-contained HTML page with a Gantt chart; <c>uet report compare &lt;run&gt; &lt;run&gt;...</c>: their main figures side by side.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = RunCommandOptions.RunName();
        var output = new Option<string>("--output", "-o") { Description = "text, json or html.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "html");
        var outFile = new Option<string?>("--out") { Description = "Write the report to this file instead of stdout." };
        var place = RunPlaceOptions.Create();
        var command = new Command("report", "Report on a run from its recorded events: speedup, utilisation, waits, gates, cost, budget; HTML with a Gantt chart.")
        {
            run, output, outFile, CreateCompare(),
        };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result), result.GetRequiredValue(run), result.GetValue(output) ?? "text", result.GetValue(outFile), place.Resolve(result), ct));
        return command;
    }

    private static Command CreateCompare()
    {
        var runs = new Argument<string[]>("runs") { Description = "Two or more runs, by name.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var place = RunPlaceOptions.Create();
        var command = new Command("compare", "The main figures of several runs side by side.") { runs, output };
        place.AddTo(command);
        command.SetAction((result, ct) => CompareAsync(
            CliConsole.For(result), result.GetRequiredValue(runs), result.GetValue(output) ?? "text", place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string runName, string output, string? outFile, RunPlace place, CancellationToken ct)
    {
        var report = await LoadAsync(await EventStoreAccess.RequireQueriesAsync(place, ct), runName, place, ct);
        var text = output switch
        {
            "json" => JsonReportRenderer.Render(report),
            "html" => HtmlReportRenderer.Render(report),
            _ => TextReportRenderer.Render(report),
        };
        if (outFile is null)
        {
            await cli.Out.WriteAsync(text);
            return ExitCodes.Ok;
        }

        var path = Path.GetFullPath(outFile);
        if (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            throw new CliException($"--out {outFile}: the folder {directory} does not exist; create it or write the report elsewhere.");
        }
        await File.WriteAllTextAsync(path, text, ct);
        await cli.Out.WriteLineAsync($"{output} report of run {runName} written to {path}");
        return ExitCodes.Ok;
    }

    private static async Task<int> CompareAsync(ICliConsole cli, string[] runNames, string output, RunPlace place, CancellationToken ct)
    {
        if (runNames.Length < 2)
        {
            throw new CliException("uet report compare needs two or more runs: `uet report compare <run> <run>...` (`uet runs` lists them).");
        }
        var queries = await EventStoreAccess.RequireQueriesAsync(place, ct);
        var reports = new List<RunReport>();
        foreach (var name in runNames)
        {
            reports.Add(await LoadAsync(queries, name, place, ct));
        }
        await cli.Out.WriteAsync(output == "json" ? JsonReportRenderer.RenderMany(reports) : ReportComparison.RenderText(reports));
        return ExitCodes.Ok;
    }

    private static async Task<RunReport> LoadAsync(EventQueries queries, string runName, RunPlace place, CancellationToken ct) =>
        await RunReport.LoadAsync(queries, EventStoreAccess.RunIdOf(runName), ct)
            ?? throw new CliException($"No events recorded for run '{runName}' in {EventStoreAccess.Describe(place)}: `uet runs` lists the runs (a run started before the event store existed has no report).");
}
