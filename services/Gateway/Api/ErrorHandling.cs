using System.Data.Common;
using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uet.Gateway.Api;

/// <summary>
/// Turns whatever an endpoint throws into a JSON <see cref="ApiError"/>: the endpoint's own <see cref="ApiProblem"/>,
/// 503 while a database does not answer, 500 (logged with its stack trace here, never sent) for a bug.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseGatewayErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var (status, body) = Describe(e);
            if (status >= 500)
            {
                var logger = context.RequestServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory f ? f.CreateLogger("Uet.Gateway") : null;
                logger?.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            context.Response.Clear();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(body, GatewayJson.Options);
        }
    });

    public static (int Status, ApiError Body) Describe(Exception e) => e switch
    {
        ApiProblem p => (p.Status, p.Body),
        BadHttpRequestException b => (b.StatusCode, new ApiError($"The request could not be read: {b.Message} Send JSON with Content-Type: application/json (docs/api.md).")),
        JsonException j => (StatusCodes.Status400BadRequest, new ApiError($"The request body is not valid JSON ({j.Message}). Send a JSON object as shown in docs/api.md.")),
        _ when MissingTable(e) => (StatusCodes.Status503ServiceUnavailable,
            new ApiError("The cluster's database has no Scheduler or Metrics tables yet: those services create them when they start; check that they are deployed and ready.")),
        _ when IsDatabaseOutage(e) => (StatusCodes.Status503ServiceUnavailable,
            new ApiError("The cluster's database does not answer; try again in a moment (GET /health/ready says when it is back).")),
        _ => (StatusCodes.Status500InternalServerError, new ApiError("The gateway failed on this request; the cause is in its log. Please report it if it persists.")),
    };

    private static bool MissingTable(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is DbException d && (d.SqlState == "42P01" || d.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsDatabaseOutage(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is DbException or TimeoutException)
            {
                return true;
            }
        }
        return false;
    }
}
