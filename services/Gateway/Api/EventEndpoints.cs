using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Uet.Gateway.Streaming;
using Uet.Metrics.Reports;
using Uet.Metrics.Store;

namespace Uet.Gateway.Api;

/// <summary>Events from the Metrics service's store: listed, followed live (SSE), and the run report built from them.</summary>
internal static class EventEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/events", async (HttpRequest request, EventQueries events, CancellationToken ct) =>
            Results.Json(await ListAsync(events, Filter(request, runId: null), ct), GatewayJson.Options));

        api.MapGet("/runs/{run}/events", async (string run, HttpRequest request, RunLookup lookup, EventQueries events, CancellationToken ct) =>
        {
            var runId = await lookup.RequireIdAsync(run, ct);
            return Results.Json(await ListAsync(events, Filter(request, runId), ct), GatewayJson.Options);
        });

        api.MapGet("/runs/{run}/stream", async (string run, HttpContext context, RunLookup lookup, RunEventStream stream) =>
        {
            var runId = await lookup.RequireIdAsync(run, context.RequestAborted);
            // Browsers send Last-Event-ID when they reconnect; ?after= does the same for a first connection.
            var after = context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastId
                ? ParseLong(lastId, "the Last-Event-ID header")
                : ParseLong(context.Request.Query["after"].FirstOrDefault(), "after") ?? 0;
            await stream.WriteAsync(context, runId, after ?? 0);
        });

        api.MapGet("/runs/{run}/report", async (string run, string? format, RunLookup lookup, EventQueries events, CancellationToken ct) =>
        {
            var runId = await lookup.RequireIdAsync(run, ct);
            var kind = (format ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "html" or "text"))
            {
                throw ApiProblem.BadRequest($"format '{format}' is not a report format: use json, html or text.");
            }

            var report = await RunReport.LoadAsync(events, runId, ct)
                ?? throw ApiProblem.NotFound($"No events recorded for run '{run}' yet, so there is no report: the Metrics service records them (is it running?).");
            return kind switch
            {
                "html" => Results.Content(HtmlReportRenderer.Render(report), "text/html; charset=utf-8"),
                "text" => Results.Content(TextReportRenderer.Render(report), "text/plain; charset=utf-8"),
                _ => Results.Content(JsonReportRenderer.Render(report), "application/json; charset=utf-8"),
            };
        });
    }

    private static async Task<IReadOnlyList<EventView>> ListAsync(EventQueries events, EventFilter filter, CancellationToken ct) =>
        (filter.AfterSequence is { } after
            ? await events.NewerThanAsync(after, filter, ct)
            : await events.ListAsync(filter, ct))
        .Select(EventView.From)
        .ToList();

    /// <summary>?type= (repeatable or comma-separated), ?workstream=, ?tail=N, ?after=SEQUENCE.</summary>
    private static EventFilter Filter(HttpRequest request, Guid? runId)
    {
        var types = new List<string>();
        foreach (var name in request.Query["type"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            types.Add(EventCatalog.Find(name)?.Name
                ?? throw ApiProblem.BadRequest($"type '{name}' is not an event type: use one of {string.Join(", ", EventCatalog.Stored.Select(t => t.Name))}."));
        }

        var tail = ParseLong(request.Query["tail"].FirstOrDefault(), "tail");
        if (tail is < 1 or > 100_000)
        {
            throw ApiProblem.BadRequest($"tail {tail} is out of range: give how many of the last events to return, 1 to 100000.");
        }

        return new EventFilter
        {
            RunId = runId,
            WorkstreamId = request.Query["workstream"].FirstOrDefault() is { Length: > 0 } ws ? ws : null,
            Types = types,
            Tail = tail is { } t ? (int)t : null,
            AfterSequence = ParseLong(request.Query["after"].FirstOrDefault(), "after"),
        };
    }

    private static long? ParseLong(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiProblem.BadRequest($"{name} '{text}' is not a whole number: give an event's sequence number (the 'sequence' field, or the SSE id).");
    }
}
