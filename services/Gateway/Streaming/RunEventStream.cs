using System.Globalization;
using System.Text.Json;

using Microsoft.AspNetCore.Http;

using Uet.Contracts;
using Uet.Gateway.Api;
using Uet.Metrics.Store;
using Uet.Scheduler.Queries;

namespace Uet.Gateway.Streaming;

/// <summary>
/// GET /api/runs/{run}/stream: a run's events as Server-Sent Events, from the event store, until the run ends. Each
/// event is <c>id: &lt;sequence&gt;</c>, <c>event: &lt;type&gt;</c>, <c>data: &lt;EventView JSON&gt;</c>; a client that
/// reconnects with Last-Event-ID (browsers do) continues where it stopped. When the run's end (completed, failed,
/// cancelled, halted, rejected) has been sent, <see cref="GatewayOptions.StreamEndSettle"/> has passed and a read finds
/// nothing new, a last <c>event: end</c> carries the run's state and the stream closes.
/// Reading the store rather than the bus lets any gateway replica serve any run, from its first event.
/// </summary>
public sealed class RunEventStream(EventQueries events, RunQueries runs, GatewayOptions options, TimeProvider time)
{
    private static readonly HashSet<string> EndTypes = new(EventQueries.RunEndTypes, StringComparer.Ordinal);

    public async Task WriteAsync(HttpContext context, Guid runId, long after)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        var ended = await EndedAtAsync(runId, after, ct);
        var follower = new EventFollower(events, new EventFilter { RunId = runId }, after, time);
        using var timer = new PeriodicTimer(options.StreamPollInterval, time);
        try
        {
            await response.WriteAsync("retry: 2000\n\n", ct);
            await response.Body.FlushAsync(ct);
            var lastWrite = time.GetTimestamp();
            long? endSeen = null;
            while (true)
            {
                var batch = await follower.NextAsync(ct);
                foreach (var e in batch)
                {
                    var data = JsonSerializer.Serialize(EventView.From(e), GatewayJson.Options);
                    await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.Sequence}\nevent: {e.Type}\ndata: {data}\n\n"), ct);
                    ended = EndTypes.Contains(e.Type) || (ended && e.Type != nameof(ResumeRun));
                }

                // The end is written once the run's end event is at least EndSettle old and a read finds nothing new:
                // events published just before the end (by the saga's batch, or by another service) can reach the
                // store just after it, and they belong in the stream too.
                if (ended)
                {
                    endSeen ??= time.GetTimestamp();
                    if (batch.Count == 0 && time.GetElapsedTime(endSeen.Value) >= options.StreamEndSettle)
                    {
                        await WriteEndAsync(response, runId, ct);
                        return;
                    }
                }

                if (batch.Count > 0)
                {
                    await response.Body.FlushAsync(ct);
                    lastWrite = time.GetTimestamp();
                }
                else if (time.GetElapsedTime(lastWrite) >= options.KeepAliveInterval)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    lastWrite = time.GetTimestamp();
                }

                await timer.WaitForNextTickAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: nothing to finish.
        }
    }

    /// <summary>Whether the run had ended (and not been resumed since) by the event the client says it saw last.</summary>
    private async Task<bool> EndedAtAsync(Guid runId, long after, CancellationToken ct)
    {
        if (after <= 0)
        {
            return false;
        }

        var marks = await events.ListAsync(new EventFilter { RunId = runId, Types = [.. EndTypes, nameof(ResumeRun)] }, ct);
        return marks.Where(m => m.Sequence <= after).MaxBy(m => m.Sequence) is { } last && EndTypes.Contains(last.Type);
    }

    private async Task WriteEndAsync(HttpResponse response, Guid runId, CancellationToken ct)
    {
        var run = await runs.GetRunAsync(runId.ToString(), ct);
        var end = new StreamEnd(runId, run?.RunName, run?.State, run?.Reason, run?.FinishedAt);
        await response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(end, GatewayJson.Options)}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}

/// <summary>The data of the last event of a stream: how the run ended.</summary>
public sealed record StreamEnd(Guid RunId, string? RunName, string? State, string? Reason, DateTimeOffset? FinishedAt);
