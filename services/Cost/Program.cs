using MassTransit;

using Microsoft.Extensions.Hosting;

using Uet.Cost;
using Uet.Cost.Persistence;
using Uet.Persistence;

// Stand-alone Cost service. Until the distributed mode (RabbitMQ + PostgreSQL) is wired in shared hosting, it runs on
// the in-memory transport, which reaches no other process: the embedded `uet run` is how the services run together today.
// Prices: the built-in table, then Cost:Prices:File / UET_PRICES, then the Cost:Prices section (appsettings.json,
// environment variables such as Cost__Prices__Models__my-model__Input=2).
var builder = Host.CreateApplicationBuilder(args);
var connection = Environment.GetEnvironmentVariable("UET_POSTGRES") is { Length: > 0 } postgres
    ? postgres
    : $"Data Source={Path.GetFullPath(".uet/cost.db")}";
builder.Services.AddCostPersistence(new PersistenceOptions { ConnectionString = connection });
builder.Services.AddMassTransit(bus =>
{
    bus.AddCost();
    bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
});

var host = builder.Build();
await CostDatabase.MigrateAsync(host.Services);
await host.RunAsync();
