using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Uet.Hosting;

namespace Uet.Telemetry.Tests;

public sealed class BusDefaultsTests
{
    [Fact]
    public void A_service_bus_reports_no_usage_telemetry_to_MassTransit()
    {
        using var services = new ServiceCollection().AddUetBus(rabbitMq: null, _ => { }).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }
}
