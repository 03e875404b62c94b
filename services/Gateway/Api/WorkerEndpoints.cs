using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Uet.Contracts;
using Uet.Scheduler.Workers;

namespace Uet.Gateway.Api;

/// <summary>GET /api/workers: the worker replicas, as <c>uet workers</c> lists them.</summary>
internal static class WorkerEndpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/workers", async (bool? all, WorkerQueries workers, GatewayOptions options, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var rows = await workers.ListAsync(ct);
            var views = rows
                .Select(r => new WorkerView(
                    r.WorkerId,
                    r.State.ToString().ToUpperInvariant(),
                    r.State != WorkerState.Terminated && now - r.LastSeen <= options.WorkerSilence,
                    r.Slots,
                    r.BusySlots,
                    r.RunId,
                    r.WorkstreamId,
                    r.Host,
                    r.LastSeen))
                .Where(w => all == true || w.Live)
                .ToList();
            return Results.Json(views, GatewayJson.Options);
        });
}

/// <summary>One worker replica. <c>Live</c>: not terminated and heard from within the last 45 s.</summary>
public sealed record WorkerView(string WorkerId, string State, bool Live, int Slots, int BusySlots, Guid? RunId, string? WorkstreamId, string Host, DateTimeOffset LastSeen);
