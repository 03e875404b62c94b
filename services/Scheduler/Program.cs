using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Uet.Hosting;
using Uet.Scheduler;
using Uet.Scheduler.Persistence;

// The Scheduler as its own process (docs/deployment.md): the run saga on PostgreSQL (UET_POSTGRES) or a SQLite file,
// and the lease watchdog. Any number may run: the saga row lock and the Version column keep them consistent.
return await UetServiceHost.RunAsync("scheduler", args, async (settings, argv) =>
{
    var builder = UetServiceHost.CreateBuilder(settings, argv);
    builder.Services.AddSchedulerPersistence(settings.Persistence());
    builder.Services.AddHealthChecks().AddDatabase<SchedulerDbContext>("scheduler-database");
    var lease = TimeSpan.FromSeconds(settings.GetInt("UET_LEASE_SECONDS", 30));
    builder.Services.AddUetBus(settings.RabbitMq, bus => bus.AddScheduler(o =>
    {
        o.LeaseDuration = lease;
        o.LeaseCheckInterval = TimeSpan.FromSeconds(Math.Clamp(lease.TotalSeconds / 6, 1, 5));
    }));

    var app = builder.BuildService();
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uet.Scheduler");
    await StartupRetry.RunAsync("Scheduler database migration", logger, ct => SchedulerDatabase.MigrateAsync(app.Services, ct));
    await app.RunAsync();
});
