using System.Diagnostics;

using MassTransit;
using MassTransit.Testing;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

using Uet.Hosting;
using Uet.Hosting.Telemetry;

namespace Uet.Telemetry.Tests;

/// <summary>
/// Services on MassTransit's test harness (in-memory transport), with the telemetry every service process gets
/// (<see cref="UetTelemetry.AddUetTelemetry"/>) exporting into memory: spans, metric snapshots and log lines.
/// </summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private TelemetryHost(ServiceProvider provider, Recorded<Activity> spans, Recorded<MetricSnapshot> metrics, Recorded<RecordedLog> logs)
    {
        Provider = provider;
        Spans = spans;
        Metrics = metrics;
        Logs = logs;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ServiceProvider Provider { get; }

    public ITestHarness Harness { get; }

    public Recorded<Activity> Spans { get; }

    public Recorded<MetricSnapshot> Metrics { get; }

    public Recorded<RecordedLog> Logs { get; }

    /// <summary>Builds and starts the host: <paramref name="services"/> adds the services' own registrations, <paramref name="bus"/> their consumers.</summary>
    public static async Task<TelemetryHost> StartAsync(
        Action<IServiceCollection> services,
        Action<IBusRegistrationConfigurator> bus,
        Func<IServiceProvider, Task>? beforeStart = null)
    {
        var spans = new Recorded<Activity>();
        var metrics = new Recorded<MetricSnapshot>();
        var logs = new Recorded<RecordedLog>();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFilter("MassTransit", LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        services(collection);
        collection.AddMassTransitTestHarness(bus);
        collection.Configure<TestHarnessOptions>(o =>
        {
            o.TestTimeout = Deadline;
            o.TestInactivityTimeout = Deadline;
        });
        collection.AddUetTelemetry("uet-telemetry-test", new TelemetrySettings { AlwaysTrace = true }, web: false);
        collection.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        // Exported only when a test flushes: the numbers it reads are the totals since the host started.
        collection.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics, r => r.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue));
        collection.ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new LogRecorder(logs)));

        var provider = collection.BuildServiceProvider(validateScopes: true);
        if (beforeStart is not null)
        {
            await beforeStart(provider);
        }

        var host = new TelemetryHost(provider, spans, metrics, logs);
        await host.Harness.Start();
        return host;
    }

    /// <summary>Exports the meters' current totals and returns every snapshot so far (the last of each name is current).</summary>
    public List<MetricSnapshot> FlushMetrics()
    {
        Provider.GetRequiredService<MeterProvider>().ForceFlush();
        return Metrics.Snapshot();
    }

    /// <summary>The ended spans that match, once at least <paramref name="count"/> of them are there.</summary>
    public Task<List<Activity>> SpansAsync(Func<Activity, bool> match, int count, string what) =>
        Poll.UntilAsync(
            () => Spans.Snapshot().Where(match).ToList() is { } found && found.Count >= count ? found : null,
            () => $"{count} span(s) of {what}; spans seen: {string.Join(", ", Spans.Snapshot().Select(s => s.DisplayName).Distinct().Order(StringComparer.Ordinal))}");

    /// <summary>
    /// The first <paramref name="count"/> published messages that match, awaited on the harness (never its blocking
    /// <c>Select</c>, which waits for the bus to go idle); fails at the deadline naming any faults.
    /// </summary>
    public async Task<List<object>> PublishedAsync(Func<object, bool> match, int count = 1)
    {
        var found = new List<object>();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await foreach (var published in Harness.Published.SelectAsync(m => match(m.MessageObject), deadline.Token))
            {
                found.Add(published.MessageObject);
                if (found.Count == count)
                {
                    return found;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        var faults = Harness.Published.Select<Fault>(f => true, new CancellationToken(canceled: true)).Select(f => string.Join("; ", f.Context.Message.Exceptions.Select(e => e.Message)));
        throw new TimeoutException($"{found.Count} of {count} expected messages were published within {Deadline.TotalSeconds} s. Faults: {string.Join(" | ", faults)}");
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await Provider.DisposeAsync();
    }
}
