using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using Uet.Cli.Embedded;
using Uet.Contracts;
using Uet.Cost.Persistence;
using Uet.Metrics.Store;
using Uet.Scheduler.Persistence;

namespace Uet.Cli.Tests;

public sealed class EmbeddedBusTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("uet-embedded-bus-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public void The_embedded_bus_reports_no_usage_telemetry_to_MassTransit()
    {
        using var host = EmbeddedHost.Build(new StateDirectory(_state), "bus-defaults", workerSlots: 1);

        var options = host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }

    [Fact]
    public async Task A_run_s_end_handled_on_the_embedded_bus_signals_that_run_and_no_other()
    {
        using var host = EmbeddedHost.Build(new StateDirectory(_state), "ends", workerSlots: 1);
        await SchedulerDatabase.MigrateAsync(host.Services);
        await CostDatabase.MigrateAsync(host.Services);
        await MetricsDatabase.MigrateAsync(host.Services);
        await host.StartAsync();
        var ends = host.Services.GetRequiredService<RunEnds>();
        var (runId, otherId) = (Guid.NewGuid(), Guid.NewGuid());
        var ended = ends.Ended(runId);
        var other = ends.Ended(otherId);

        await host.Services.GetRequiredService<IBus>().Publish(new RunFailed(runId, "ends", "a test", [], DateTimeOffset.UtcNow));
        await ended.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(other.IsCompleted);
        Assert.True(ends.Ended(runId).IsCompleted, "a view that starts after the end must not wait for it");
        await host.StopAsync();
    }
}
