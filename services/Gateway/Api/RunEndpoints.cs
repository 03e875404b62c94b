using MassTransit;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using Uet.Contracts;
using Uet.Gateway.Submission;
using Uet.Scheduler.Queries;

namespace Uet.Gateway.Api;

/// <summary>Submit, list, inspect, cancel and resume runs (docs/api.md).</summary>
internal static class RunEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/runs", async (RunQueries runs, CancellationToken ct) => Results.Json(await runs.ListRunsAsync(ct), GatewayJson.Options));

        api.MapPost("/runs", async (HttpRequest request, PlanSubmitter submitter) =>
        {
            var body = await RequestBody.ReadOptionalAsync<SubmitRequest>(request);
            var accepted = await submitter.SubmitAsync(body, request.HttpContext.RequestAborted);
            return Results.Json(accepted, GatewayJson.Options, statusCode: StatusCodes.Status202Accepted)
                .WithLocation(accepted.Status);
        });

        api.MapGet("/runs/{run}", async (string run, RunLookup lookup, CancellationToken ct) =>
            Results.Json(await lookup.RequireAsync(run, ct), GatewayJson.Options));

        api.MapPost("/runs/{run}/cancel", async (string run, HttpRequest request, RunLookup lookup, IBus bus) =>
        {
            var ct = request.HttpContext.RequestAborted;
            var body = await RequestBody.ReadOptionalAsync<CancelRequest>(request);
            var details = await lookup.RequireAsync(run, ct);
            if (RunLookup.FinalStates.Contains(details.State))
            {
                throw ApiProblem.Conflict($"Run '{details.RunName}' is already {details.State}: there is nothing to cancel.");
            }

            await bus.Publish(new CancelRun(details.RunId, body?.Reason is { Length: > 0 } reason ? reason : "cancelled through the HTTP API"), ct);
            return Accepted(details, "cancel requested: running workstreams are stopped and compensation runs; follow it on the stream");
        });

        api.MapPost("/runs/{run}/resume", async (string run, HttpRequest request, RunLookup lookup, IBus bus, TimeProvider time) =>
        {
            var ct = request.HttpContext.RequestAborted;
            var body = await RequestBody.ReadOptionalAsync<ResumeRequest>(request);
            var details = await lookup.RequireAsync(run, ct);
            if (details.State is "Completed" or "Rejected")
            {
                throw ApiProblem.Conflict($"Run '{details.RunName}' is {details.State}: there is nothing to resume (submit the plan again as a new run).");
            }

            if (body?.BudgetUsd is < 0m)
            {
                throw ApiProblem.BadRequest("budgetUsd is negative: give the run's new budget in US dollars, zero or more, or leave it out to keep the budget.");
            }

            await bus.Publish(new ResumeRun(details.RunId, body?.BudgetUsd, time.GetUtcNow()), ct);
            return Accepted(details, "resume requested: what is done stays done, the rest is dispatched again");
        });
    }

    private static IResult Accepted(RunDetails details, string message)
    {
        var path = "/api/runs/" + Uri.EscapeDataString(details.RunName);
        return Results.Json(new ControlResponse(details.RunId, details.RunName, details.State, message, path, path + "/stream"), GatewayJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>POST /api/runs/{run}/cancel (body optional).</summary>
public sealed record CancelRequest(string? Reason);

/// <summary>POST /api/runs/{run}/resume (body optional): a new run budget, e.g. for a run halted by its budget.</summary>
public sealed record ResumeRequest(decimal? BudgetUsd);

/// <summary>The answer to a cancel or resume (202): the state the run was in when asked, and where to follow it.</summary>
public sealed record ControlResponse(Guid RunId, string RunName, string StateWhenAsked, string Message, string Status, string Stream);
