using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Hosting.Telemetry;

namespace Uet.Hosting;

/// <summary>
/// How every service process starts: settings from the environment, console logging, health endpoints, and a
/// clear one-line error (exit 2) for a bad setting instead of a stack trace.
/// </summary>
public static class UetServiceHost
{
    /// <summary>Exit code of a service that could not start because of its configuration.</summary>
    public const int ConfigurationError = 2;

    public static WebApplicationBuilder CreateBuilder(ServiceSettings settings, string[] args)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = settings.ServiceName });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.IncludeScopes = true;
        });
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        // No HTTP at all unless asked for: two services on one machine must not fight over a default port.
        builder.WebHost.UseUrls(settings.HealthUrl ?? "http://127.0.0.1:0");
        builder.Services.AddSingleton(settings);
        builder.Services.AddHealthChecks();
        builder.Services.AddUetTelemetry(settings.ServiceName, TelemetrySettings.From(settings.Variables), web: true);
        Directory.CreateDirectory(settings.DataDir);
        return builder;
    }

    /// <summary>
    /// Builds the app and maps /health/live (the process answers), /health/ready (every registered check passes) and
    /// /metrics (Prometheus).
    /// </summary>
    public static WebApplication BuildService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = WriteReport,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapUetMetrics();
        return app;
    }

    /// <summary>
    /// Runs a service's main: configuration errors become one line on stderr and exit code 2; anything else
    /// that stops start-up is logged with its cause and exits 1.
    /// </summary>
    public static async Task<int> RunAsync(string serviceName, string[] args, Func<ServiceSettings, string[], Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        try
        {
            await main(ServiceSettings.FromEnvironment(serviceName), args);
            return 0;
        }
        catch (ServiceConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"uet {serviceName}: {e.Message}");
            return ConfigurationError;
        }
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { Length: > 0 } d ? " (" + d + ")" : "")}");
        return context.Response.WriteAsync($"{report.Status}\n{string.Join('\n', lines)}\n");
    }
}
