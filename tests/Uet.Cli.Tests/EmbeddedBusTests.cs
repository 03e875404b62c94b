using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Uet.Cli.Embedded;

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
}
