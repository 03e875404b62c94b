using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

using Npgsql;

using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

using Uet.Hosting.Telemetry;

namespace Uet.Hosting;

/// <summary>
/// OpenTelemetry for a process, set up once here: MassTransit's spans and meters and ours (<see cref="UetDiagnostics"/>,
/// <see cref="UetMetrics"/>), Npgsql, HTTP and the runtime; the OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set,
/// the console exporter with UET_OTEL_CONSOLE=1, and for services a Prometheus scrape endpoint. docs/telemetry.md.
/// </summary>
public static class UetTelemetry
{
    /// <summary>MassTransit's ActivitySource and Meter (DiagnosticHeaders.DefaultListenerName, InstrumentationOptions.MeterName).</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>Served on the service's HTTP listener (UET_HEALTH_URL), beside /health/live and /health/ready.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>
    /// Registers tracing, metrics and logging for <paramref name="serviceName"/>. <paramref name="web"/>: the process serves
    /// HTTP (a service host), so ASP.NET Core is instrumented and metrics are also kept for Prometheus to scrape.
    /// </summary>
    public static OpenTelemetryBuilder AddUetTelemetry(this IServiceCollection services, string serviceName, TelemetrySettings settings, bool web)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m => m
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = settings.CardinalityLimit })
                .AddMeter(UetDiagnostics.Name, MassTransitSource)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation())
            .WithLogging(configureBuilder: null, o =>
            {
                // The run and workstream of a log line are in its scope (RunLogScope); the collector should see them.
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });

        // A listener on MassTransit's and Npgsql's sources makes them build a span, with its tags, for every message
        // sent, received and consumed and for every database command: wasted CPU and garbage when no exporter takes
        // them (a service with none still serves its metrics on /metrics).
        if (settings.Traces)
        {
            otel.WithTracing(t => t
                .AddSource(UetDiagnostics.Name, MassTransitSource)
                .AddHttpClientInstrumentation()
                .AddNpgsql());
            if (web)
            {
                otel.WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path)));
            }
        }

        if (web)
        {
            otel.WithMetrics(m => m.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        }

        if (settings.Console)
        {
            otel.WithTracing(t => t.AddConsoleExporter())
                .WithMetrics(m => m.AddConsoleExporter())
                .WithLogging(l => l.AddConsoleExporter());
        }

        if (settings.OtlpEndpoint is { } endpoint)
        {
            // With http/protobuf the exporter appends /v1/traces, /v1/metrics and /v1/logs, as the variable means.
            otel.UseOtlpExporter(settings.OtlpProtocol, endpoint);
        }

        return otel;
    }

    /// <summary>Maps GET /metrics (Prometheus text format) for a host set up with <c>web: true</c>.</summary>
    public static IEndpointConventionBuilder MapUetMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(ScrapePath);

    /// <summary>
    /// Tracing for a client with no host (the CLI publishing to a cluster), so the run's messages carry its trace;
    /// null unless an exporter was asked for. Dispose it to flush.
    /// </summary>
    public static TracerProvider? StartClientTracing(string serviceName, TelemetrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsRequested)
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(serviceName))
            .AddSource(UetDiagnostics.Name, MassTransitSource);
        if (settings.Console)
        {
            builder.AddConsoleExporter();
        }

        if (settings.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter(o =>
            {
                o.Protocol = settings.OtlpProtocol;
                o.Endpoint = settings.OtlpProtocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
                    ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/traces")
                    : endpoint;
            });
        }

        return builder.Build();
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments(ScrapePath, StringComparison.Ordinal);
}
