using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Uet.Gateway.Api;
using Uet.Gateway.Dashboard;
using Uet.Gateway.Streaming;
using Uet.Gateway.Submission;
using Uet.Hosting;
using Uet.Metrics;
using Uet.Metrics.Store;
using Uet.Persistence;
using Uet.Scheduler;
using Uet.Scheduler.Persistence;

namespace Uet.Gateway;

/// <summary>
/// The gateway: an HTTP API and a dashboard over the other services. It publishes <c>SubmitPlan</c>, <c>CancelRun</c> and
/// <c>ResumeRun</c> on the bus (an <c>IBus</c> must be registered) and reads the Scheduler's runs and workers and the
/// Metrics service's event store straight from their databases; it owns no state of its own.
/// </summary>
public static class GatewayRegistration
{
    public static IServiceCollection AddGateway(this IServiceCollection services, GatewayOptions options, PersistenceOptions scheduler, PersistenceOptions metrics)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSchedulerPersistence(scheduler);
        services.AddMetricsPersistence(metrics);
        services.AddSingleton<RunLookup>();
        services.AddSingleton<PlanSubmitter>();
        services.AddSingleton<RunEventStream>();
        services.AddHealthChecks()
            .AddDatabase<SchedulerDbContext>("scheduler-database")
            .AddDatabase<MetricsDbContext>("metrics-database");
        return services;
    }

    /// <summary>The API under /api (docs/api.md) and the dashboard at /.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<GatewayOptions>();
        app.UseGatewayErrors();
        app.UseGatewayToken(options.Token);
        var api = app.MapGroup("/api");
        RunEndpoints.Map(api);
        EventEndpoints.Map(api);
        WorkerEndpoints.Map(api);
        ValidateEndpoint.Map(api);
        DashboardPage.Map(app);
        return app;
    }
}
