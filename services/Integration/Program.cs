using MassTransit;

using Microsoft.Extensions.Hosting;

using Uet.Integration;

// Stand-alone Integration service. Until the distributed mode (RabbitMQ) is wired in shared hosting, it runs on the
// in-memory transport, which reaches no other process: the embedded `uet run` is how the services run together today.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMassTransit(bus =>
{
    bus.AddIntegration();
    bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
});

await builder.Build().RunAsync();
