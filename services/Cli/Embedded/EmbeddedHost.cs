using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Uet.Cli.Reports;
using Uet.Cost;
using Uet.Hosting;
using Uet.Hosting.Telemetry;
using Uet.Integration;
using Uet.Metrics;
using Uet.Persistence;
using Uet.Planner;
using Uet.Scheduler;
using Uet.Worker;

namespace Uet.Cli.Embedded;

/// <summary>
/// Every service in one process: MassTransit's in-memory transport and SQLite in the state dir.
/// The services are the same libraries the distributed processes host; only the transport and database differ.
/// </summary>
internal static class EmbeddedHost
{
    public static IHost Build(StateDirectory state, string runName, int workerSlots)
    {
        state.EnsureCreated();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = state.Root,
        });

        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("UET_LOG") is { Length: > 0 } level && Enum.TryParse<LogLevel>(level, true, out var min))
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(min);
            builder.Logging.AddFilter("MassTransit", min);
        }

        // Telemetry only when asked for (UET_OTEL_CONSOLE=1 or an OTLP endpoint): by default a run prints none.
        if (TelemetrySettings.FromEnvironment() is { IsRequested: true } telemetry)
        {
            builder.Services.AddUetTelemetry("uet", telemetry, web: false);
        }

        // A stopping host must let workers finish the attempt they hold (DRAINING), not cut them off.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<HostedRuns>();
        builder.Services.AddSingleton<BusQuiescence>();
        builder.Services.AddSingleton<RunEnds>();
        builder.Services.AddHostedService<ControlRequestWatcher>();

        var persistence = new PersistenceOptions { ConnectionString = state.ConnectionString };
        builder.Services.AddSchedulerPersistence(persistence);
        // The ledger has its own file: SQLite has one writer per file, and usage reports should not queue behind the saga.
        builder.Services.AddCostPersistence(PersistenceOptions.ForStateDirectory(state.Root, "cost"));
        builder.Services.AddMetricsPersistence(EventStoreAccess.Persistence(state));

        var worker = new WorkerOptions
        {
            // Named after the run, not the process: a resumed run finds (and resets) the slot worktrees
            // a killed process left behind, instead of leaving them registered in the repository forever.
            WorkerId = WorkerIdFor(runName),
            Slots = Math.Max(1, workerSlots),
            DataDir = state.Root,
        };
        builder.Services.AddWorkerServices(worker);

        builder.Services.AddMassTransit(x =>
        {
            x.AddUetBusDefaults();
            x.AddPlanner();
            x.AddScheduler();
            x.AddWorker(worker);
            x.AddIntegration();
            x.AddCost();
            x.AddMetrics();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseEnvelopeDeserializer();
                cfg.ConnectReceiveObserver(context.GetRequiredService<BusQuiescence>());
                cfg.ConnectConsumeObserver(context.GetRequiredService<RunEnds>());
                cfg.ConfigureEndpoints(context);
            });
        });

        return builder.Build();
    }

    public static string WorkerIdFor(string runName) => "embedded-" + runName;

    /// <summary>Slot worktrees of this run that a killed process left behind (resume removes them first).</summary>
    public static IEnumerable<string> LeftoverWorktrees(StateDirectory state, string runName)
    {
        var root = Path.Combine(state.Root, "worktrees");
        return Directory.Exists(root) ? Directory.EnumerateDirectories(root, WorkerIdFor(runName) + "-slot*") : [];
    }
}
