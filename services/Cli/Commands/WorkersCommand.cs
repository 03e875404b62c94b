using System.CommandLine;
using System.Text.Json;

using Spectre.Console;

using Uet.Cli.Output;
using Uet.Cli.Progress;
using Uet.Cli.Runs;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Workers;

namespace Uet.Cli.Commands;

/// <summary><c>uet workers</c>: the worker replicas that announced themselves lately, with state and current workstream.</summary>
internal static class WorkersCommand
{
    /// <summary>Replicas announce every 15 s; one silent for longer than this is taken as gone.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(45);

    public static Command Create()
    {
        var output = new Option<string>("--output") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var all = new Option<bool>("--all") { Description = "Also list replicas that stopped or went silent." };
        var place = RunPlaceOptions.Create();
        var command = new Command("workers", "List live worker replicas: state, slots in use, current workstream, last seen.") { output, all };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(CliConsole.For(result), result.GetValue(output) ?? "text", result.GetValue(all), place.Resolve(result), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(ICliConsole cli, string output, bool all, RunPlace place, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        IReadOnlyList<WorkerRow> rows = [];
        if (place.Cluster is not null || place.State.DatabaseExists)
        {
            var persistence = place.Cluster?.Persistence ?? new Persistence.PersistenceOptions { ConnectionString = place.State.ConnectionString };
            rows = await new WorkerQueries(new SchedulerDbContextFactory(persistence)).ListAsync(ct);
        }

        var workers = rows
            .Select(r => new
            {
                r.WorkerId,
                State = r.State.ToString().ToUpperInvariant(),
                Live = r.State != Contracts.WorkerState.Terminated && now - r.LastSeen <= Silence,
                r.Slots,
                r.BusySlots,
                r.RunId,
                r.WorkstreamId,
                r.Host,
                r.LastSeen,
            })
            .Where(w => all || w.Live)
            .ToList();

        if (output == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(workers, StatusCommand.Json));
            return ExitCodes.Ok;
        }

        var console = cli.Ansi;
        if (workers.Count == 0)
        {
            console.WriteLine(all ? "No worker has announced itself." : "No live workers (`uet workers --all` lists stopped and silent ones).");
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("worker").AddColumn("state").AddColumn(new TableColumn("slots").RightAligned())
            .AddColumn("workstream").AddColumn("host").AddColumn(new TableColumn("last seen").RightAligned());
        foreach (var w in workers)
        {
            var state = w.Live ? w.State : w.State == "TERMINATED" ? w.State : w.State + " (silent)";
            table.AddRow(Markup.Escape(w.WorkerId), Markup.Escape(state), $"{w.BusySlots}/{w.Slots}", Markup.Escape(w.WorkstreamId ?? ""),
                Markup.Escape(w.Host), RunRenderer.Format(now - w.LastSeen) + " ago");
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}
