using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Uet.Hosting;
using Uet.Metrics;
using Uet.Metrics.Store;

// The Metrics service as its own process (docs/deployment.md): the event store on PostgreSQL (UET_POSTGRES, schema
// "metrics") or a SQLite file, fed by every event on the bus. Any number may run: a message stored twice is stored once.
return await UetServiceHost.RunAsync("metrics", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddMetricsPersistence(settings.Persistence());
    builder.Services.AddHealthChecks().AddDatabase<MetricsDbContext>("metrics-database");
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddMetrics());

    var app = builder.BuildService();
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uet.Metrics");
    await StartupRetry.RunAsync("Metrics database migration", logger, ct => MetricsDatabase.MigrateAsync(app.Services, ct));
    await app.RunAsync();
});
