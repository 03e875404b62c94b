using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Cost;
using Uet.Cost.Persistence;
using Uet.Hosting;
using Uet.Integration;
using Uet.Metrics;
using Uet.Metrics.Store;
using Uet.Persistence;
using Uet.Planner;
using Uet.Scheduler;
using Uet.Scheduler.Persistence;
using Uet.Worker;

namespace Uet.Gateway.Hosting;

/// <summary>
/// Builds the gateway process. With UET_RABBITMQ it is one service of a cluster: it needs UET_POSTGRES (the database the
/// Scheduler and Metrics services write) and hosts nothing else. Without UET_RABBITMQ it is a whole orchestrator in
/// one process, like <c>uet run</c>'s embedded mode but long-lived: every service on the in-memory bus, SQLite files
/// (or UET_POSTGRES) under UET_DATA_DIR, and the API in front.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(ServiceSettings settings, string[] args, GatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options ??= GatewayOptions.From(settings);
        var allInOne = settings.RabbitMq is null;
        if (!allInOne && settings.Postgres is null)
        {
            throw new ServiceConfigurationException(ServiceSettings.PostgresVariable, "",
                "the cluster's Npgsql connection string (the gateway reads runs and events from the Scheduler's and Metrics' schemas there)");
        }

        PersistenceOptions Database(string name) => settings.Postgres is { } postgres
            ? new PersistenceOptions { ConnectionString = postgres }
            : PersistenceOptions.ForStateDirectory(settings.DataDir, name);

        var builder = UetServiceHost.CreateBuilder(settings, args);
        var urls = options.Urls.ToList();
        if (settings.HealthUrl is { } health && !urls.Contains(health, StringComparer.OrdinalIgnoreCase))
        {
            urls.Add(health);
        }
        builder.WebHost.UseUrls([.. urls]);
        builder.Services.AddSingleton(new GatewayMode(allInOne));
        builder.Services.AddGateway(options, Database("scheduler"), Database("metrics"));

        if (!allInOne)
        {
            builder.Services.AddUetBus(settings.RabbitMq, _ => { });
        }
        else
        {
            var worker = new WorkerOptions
            {
                WorkerId = settings.GetString("UET_WORKER_ID") ?? "all-in-one",
                Slots = settings.GetInt("UET_WORKER_SLOTS", 4),
                DataDir = settings.DataDir,
            };
            // A stopping process lets the worker finish what it holds (DRAINING), as a worker replica does.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.GetInt("UET_DRAIN_SECONDS", 60)));
            builder.Services.AddCostPersistence(Database("cost"));
            builder.Services.AddHealthChecks().AddDatabase<CostDbContext>("cost-database");
            builder.Services.AddWorkerServices(worker);
            builder.Services.AddUetBus(null, bus =>
            {
                bus.AddPlanner();
                bus.AddScheduler();
                bus.AddWorker(worker);
                bus.AddIntegration(o => o.ScratchRoot = Path.Combine(settings.DataDir, "scratch"));
                bus.AddCost(o => o.PriceFile = settings.GetString(CostOptions.PriceFileVariable));
                bus.AddMetrics();
            });
        }

        return builder.BuildService().MapGateway();
    }

    /// <summary>What must happen before the app starts: in the all-in-one mode, every service's database migrations.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<GatewayMode>().AllInOne)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uet.Gateway");
        await StartupRetry.RunAsync("Scheduler database migration", logger, c => SchedulerDatabase.MigrateAsync(app.Services, c), ct);
        await StartupRetry.RunAsync("Cost database migration", logger, c => CostDatabase.MigrateAsync(app.Services, c), ct);
        await StartupRetry.RunAsync("Metrics database migration", logger, c => MetricsDatabase.MigrateAsync(app.Services, c), ct);
    }
}

/// <summary>Whether this process hosts every service (no UET_RABBITMQ) or is the gateway of a cluster.</summary>
public sealed record GatewayMode(bool AllInOne);
