using MassTransit;

using Microsoft.Extensions.Hosting;

using Uet.Planner;

// Stand-alone Planner on the in-memory transport; the shared hosting set-up (RabbitMQ, telemetry) replaces this later.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMassTransit(bus =>
{
    bus.AddPlanner();
    bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
});

await builder.Build().RunAsync();
