using MassTransit;

using Microsoft.Extensions.Hosting;

using Uet.Metrics;
using Uet.Metrics.Store;
using Uet.Persistence;

// Stand-alone Metrics service. Until the distributed mode (RabbitMQ + PostgreSQL) is wired in shared hosting, it runs on
// the in-memory transport, which reaches no other process: the embedded `uet run` is how the services run together today.
var builder = Host.CreateApplicationBuilder(args);
var connection = Environment.GetEnvironmentVariable("UET_POSTGRES") is { Length: > 0 } postgres
    ? postgres
    : $"Data Source={Path.GetFullPath(".uet/metrics.db")}";
builder.Services.AddMetricsPersistence(new PersistenceOptions { ConnectionString = connection });
builder.Services.AddMassTransit(bus =>
{
    bus.AddMetrics();
    bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
});

var host = builder.Build();
await MetricsDatabase.MigrateAsync(host.Services);
await host.RunAsync();
