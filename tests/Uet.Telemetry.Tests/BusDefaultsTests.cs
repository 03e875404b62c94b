using MassTransit;
using MassTransit.Serialization;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Uet.Contracts;
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

    [Fact]
    public void A_service_bus_writes_our_messages_from_compile_time_metadata()
    {
        using var services = new ServiceCollection().AddUetBus(rabbitMq: null, _ => { }).BuildServiceProvider();

        var typeInfo = SystemTextJsonMessageSerializer.Options.GetTypeInfo(typeof(WorkstreamStarted));

        Assert.Same(ContractsJsonContext.Default, typeInfo.OriginatingResolver);
    }
}
