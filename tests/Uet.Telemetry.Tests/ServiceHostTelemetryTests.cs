using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

using Uet.Hosting;
using Uet.Hosting.Telemetry;

namespace Uet.Telemetry.Tests;

/// <summary>A service process's host (UetServiceHost) as configured by the environment: /metrics, OTLP, bad values.</summary>
public sealed class ServiceHostTelemetryTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("uet-telemetry-host-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_service_answers_GET_metrics_on_its_health_url_with_uet_metrics_in_Prometheus_text()
    {
        await using var app = UetServiceHost.CreateBuilder(Settings(new() { ["UET_HEALTH_URL"] = "http://127.0.0.1:0" }), []).BuildService();
        await app.StartAsync();
        UetMetrics.Merged("integrated");

        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(new Uri(Address(app)), "/metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE uet_merges_total counter", text, StringComparison.Ordinal);
        Assert.Contains("uet_outcome=\"integrated\"", text, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_a_service_sends_its_spans_and_metrics_there()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received);
        await using var app = UetServiceHost.CreateBuilder(
            Settings(new()
            {
                [TelemetrySettings.OtlpEndpointVariable] = Address(collector),
                [TelemetrySettings.OtlpProtocolVariable] = "http/protobuf",
            }),
            []).BuildService();
        await app.StartAsync();

        using (UetDiagnostics.StartRun("otlp-run", Guid.NewGuid()))
        {
        }

        UetMetrics.LeaseExpired();
        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        // Exports synchronously to every reader; the Prometheus one (pull) reports false outside a scrape, so the
        // collector's log is the evidence.
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        await app.StopAsync();

        Assert.Contains("POST /v1/traces", received);
        Assert.Contains("POST /v1/metrics", received);
    }

    [Fact]
    public async Task Without_an_exporter_a_service_makes_no_spans_but_still_serves_its_metrics()
    {
        await using var quiet = UetServiceHost.CreateBuilder(Settings(new() { ["UET_HEALTH_URL"] = "http://127.0.0.1:0" }), []).BuildService();
        await using var exporting = UetServiceHost.CreateBuilder(Settings(new() { [TelemetrySettings.OtlpEndpointVariable] = "http://127.0.0.1:4317" }), []).BuildService();
        await quiet.StartAsync();

        using var http = new HttpClient();
        var metrics = await http.GetAsync(new Uri(new Uri(Address(quiet)), "/metrics"));

        Assert.Null(quiet.Services.GetService<TracerProvider>());
        Assert.NotNull(exporting.Services.GetService<TracerProvider>());
        Assert.True(metrics.IsSuccessStatusCode);
        await quiet.StopAsync();
    }

    [Fact]
    public void With_the_console_switch_spans_are_printed_on_stdout()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddUetTelemetry("uet", TelemetrySettings.From(new Dictionary<string, string> { [TelemetrySettings.ConsoleVariable] = "1" }), web: false);
        var stdout = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            using var provider = services.BuildServiceProvider();
            provider.GetRequiredService<TracerProvider>();
            using (UetDiagnostics.StartRun("console-run", Guid.NewGuid()))
            {
            }
        }
        finally
        {
            Console.SetOut(stdout);
        }

        Assert.Contains("uet run console-run", captured.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_keeps_at_most_its_cardinality_limit_of_series_and_counts_the_rest_as_overflow()
    {
        var exported = new List<MetricSnapshot>();
        var services = new ServiceCollection().AddLogging();
        var settings = TelemetrySettings.From(new Dictionary<string, string> { [TelemetrySettings.CardinalityLimitVariable] = "4" });
        services.AddUetTelemetry("uet", settings, web: false).WithMetrics(m => m.AddInMemoryExporter(exported));
        using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<MeterProvider>();
        using var meter = new Meter(UetDiagnostics.Name);
        var counter = meter.CreateCounter<long>("test.cardinality");

        for (var i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("n", i));
        }
        meters.ForceFlush(10_000);

        var points = exported.Last(m => m.Name == "test.cardinality").MetricPoints;
        Assert.Equal(4, settings.CardinalityLimit);
        // The limit's series, then one more for everything beyond them: nothing is lost.
        Assert.Equal(settings.CardinalityLimit + 1, points.Count);
        Assert.Equal(10, points.Sum(p => p.GetSumLong()));
        Assert.Single(points, p => Tags(p).Contains(new("otel.metric.overflow", true)));
        Assert.Equal(TelemetrySettings.DefaultCardinalityLimit, TelemetrySettings.From(new Dictionary<string, string>()).CardinalityLimit);
    }

    [Theory]
    [InlineData(TelemetrySettings.CardinalityLimitVariable, "0")]
    [InlineData(TelemetrySettings.CardinalityLimitVariable, "many")]
    [InlineData(TelemetrySettings.ConsoleVariable, "yes")]
    [InlineData(TelemetrySettings.OtlpEndpointVariable, "collector:4317")]
    [InlineData(TelemetrySettings.OtlpProtocolVariable, "http/json")]
    public void A_bad_telemetry_setting_stops_the_service_naming_the_variable(string variable, string value)
    {
        var e = Assert.Throws<ServiceConfigurationException>(() => UetServiceHost.CreateBuilder(Settings(new() { [variable] = value }), []));

        Assert.Equal(variable, e.Variable);
        Assert.Contains($"{variable}='{value}' is not valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_is_only_requested_by_an_OTLP_endpoint_or_the_console_switch()
    {
        Assert.False(TelemetrySettings.From(new Dictionary<string, string>()).IsRequested);
        Assert.False(TelemetrySettings.From(new Dictionary<string, string> { [TelemetrySettings.ConsoleVariable] = "0" }).IsRequested);
        Assert.True(TelemetrySettings.From(new Dictionary<string, string> { [TelemetrySettings.ConsoleVariable] = "1" }).IsRequested);
        Assert.True(TelemetrySettings.From(new Dictionary<string, string> { [TelemetrySettings.OtlpEndpointVariable] = "http://127.0.0.1:4317" }).IsRequested);
    }

    private ServiceSettings Settings(Dictionary<string, string> variables)
    {
        variables[ServiceSettings.DataDirVariable] = _dataDir;
        return ServiceSettings.FromEnvironment("telemetry-test", variables);
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }
        return tags;
    }

    /// <summary>Where a started app listens (it was given port 0: the system chose a free one).</summary>
    private static string Address(WebApplication app) => app.Urls.First();

    /// <summary>A stand-in OTLP/HTTP collector on a free loopback port: it notes each request and answers 200.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<string> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.Run(async context =>
        {
            received.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await collector.StartAsync();
        return collector;
    }
}
