using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Uet.Cli.Output;
using Uet.Cli.Reports;
using Uet.Cli.Runs;
using Uet.Metrics.Reports;
using Uet.Metrics.Store;

namespace Uet.Cli.Commands;

/// <summary>
/// <c>uet events</c>: the recorded events, one line each, oldest first; filtered by run and type, the last N with
/// <c>--tail</c>, and new ones as they are recorded with <c>--follow</c> (until Ctrl+C).
/// </summary>
internal static class EventsCommand
{
    /// <summary>How often <c>--follow</c> looks for new events.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Only this run's events (its name, as `uet runs` lists it)." };
        var type = new Option<string[]>("--type") { Description = "Only events of this type (e.g. WorkstreamFailed); repeat for several.", AllowMultipleArgumentsPerToken = false };
        var tail = new Option<int?>("--tail") { Description = "Only the last N events (then new ones, with --follow)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing events as they are recorded, until Ctrl+C." };
        var output = new Option<string>("--output", "-o") { Description = "text (one line per event) or json (one JSON object per line, with the body).", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json");
        var place = RunPlaceOptions.Create();
        var command = new Command("events", "List the recorded events: one line per event, oldest first.") { run, type, tail, follow, output };
        place.AddTo(command);
        command.SetAction((result, ct) => ExecuteAsync(
            CliConsole.For(result),
            new EventsRequest(
                result.GetValue(run),
                result.GetValue(type) ?? [],
                result.GetValue(tail),
                result.GetValue(follow),
                result.GetValue(output) == "json",
                place.Resolve(result)),
            ct));
        return command;
    }

    private sealed record EventsRequest(string? Run, string[] Types, int? Tail, bool Follow, bool Json, RunPlace Place);

    private static async Task<int> ExecuteAsync(ICliConsole cli, EventsRequest request, CancellationToken ct)
    {
        if (request.Tail is < 1)
        {
            throw new CliException("--tail must be 1 or more.");
        }
        var types = request.Types.Select(t => EventCatalog.Find(t)?.Name
            ?? throw new CliException($"--type {t}: no such event type. Known types: {string.Join(", ", EventCatalog.Stored.Select(s => s.Name).Order(StringComparer.Ordinal))}.")).ToList();
        var queries = await EventStoreAccess.RequireQueriesAsync(request.Place, ct);
        var filter = new EventFilter
        {
            RunId = request.Run is { } name ? EventStoreAccess.RunIdOf(name) : null,
            Types = types,
            Tail = request.Tail,
        };
        if (request.Run is { } runName && !request.Follow && (await queries.ListAsync(new EventFilter { RunId = filter.RunId, Tail = 1 }, ct)).Count == 0)
        {
            throw new CliException($"No events recorded for run '{runName}' in {EventStoreAccess.Describe(request.Place)}: `uet runs` lists the runs.");
        }

        var names = new Dictionary<Guid, string>(await queries.RunNamesAsync(ct));
        var events = await queries.ListAsync(filter, ct);
        await WriteAsync(cli.Out, events, names, request.Json);
        if (!request.Follow)
        {
            return ExitCodes.Ok;
        }

        // Ctrl+C ends the follow normally: the command's own token is not cancelled by it (see CliHost).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var seen = events.Count > 0 ? events.Max(e => e.Sequence) : await queries.LastSequenceAsync(ct);
            using var timer = new PeriodicTimer(PollInterval);
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var newer = await queries.NewerThanAsync(seen, filter, stop.Token);
                if (newer.Count == 0)
                {
                    continue;
                }
                if (newer.Any(e => e.RunId is { } id && !names.ContainsKey(id)))
                {
                    foreach (var (id, n) in await queries.RunNamesAsync(stop.Token))
                    {
                        names[id] = n;
                    }
                }
                await WriteAsync(cli.Out, newer, names, request.Json);
                seen = newer[^1].Sequence;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return ExitCodes.Ok;
    }

    private static async Task WriteAsync(TextWriter writer, IReadOnlyList<RecordedEvent> events, IReadOnlyDictionary<Guid, string> names, bool json)
    {
        foreach (var e in events)
        {
            await writer.WriteLineAsync(json ? JsonLine(e, names) : TextLine(e, names));
        }
        await writer.FlushAsync();
    }

    /// <summary><c>time  run  type  workstream#attempt  what it says</c>.</summary>
    internal static string TextLine(RecordedEvent e, IReadOnlyDictionary<Guid, string> names)
    {
        var run = e.RunId is { } id ? names.GetValueOrDefault(id) ?? id.ToString("N")[..8] : "-";
        var workstream = e.WorkstreamId is { } ws ? (e.Attempt is { } attempt ? $"{ws}#{attempt}" : ws) : "-";
        var line = string.Create(CultureInfo.InvariantCulture, $"{e.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff'Z'}  {run}  {e.Type,-28}  {workstream}  {EventSummary.Describe(e.Message())}");
        return string.Join(' ', line.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd();
    }

    /// <summary>One JSON object per line: the store's columns, the run's name, and the body.</summary>
    internal static string JsonLine(RecordedEvent e, IReadOnlyDictionary<Guid, string> names)
    {
        using var body = JsonDocument.Parse(e.Body);
        return JsonSerializer.Serialize(
            new
            {
                sequence = e.Sequence,
                messageId = e.MessageId,
                time = e.Time,
                runId = e.RunId,
                run = e.RunId is { } id ? names.GetValueOrDefault(id) : null,
                type = e.Type,
                workstream = e.WorkstreamId,
                attempt = e.Attempt,
                body = body.RootElement,
            },
            MetricsJson.Options);
    }
}
