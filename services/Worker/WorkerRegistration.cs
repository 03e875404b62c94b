using MassTransit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Uet.Worker.Consumers;
using Uet.Worker.Execution;
using Uet.Worker.Lifecycle;
using Uet.Worker.Workspaces;

namespace Uet.Worker;

/// <summary>The Worker service's registration: its consumers on the bus, and its services in the container.</summary>
public static class WorkerRegistration
{
    /// <summary>Shared queue of ExecuteWorkstream: replicas compete for it.</summary>
    public const string ExecuteEndpoint = "worker";

    /// <summary>Per-replica temporary queue (name + worker id) for cancels and run ends, which every replica must see.</summary>
    public const string ControlEndpoint = "worker-control";

    public static IBusRegistrationConfigurator AddWorker(this IBusRegistrationConfigurator x, WorkerOptions options)
    {
        options.Validate();
        x.AddConsumer<ExecuteWorkstreamConsumer>()
            .Endpoint(e =>
            {
                e.Name = ExecuteEndpoint;
                e.ConcurrentMessageLimit = options.Slots;
                e.PrefetchCount = options.Slots;
            });

        x.AddConsumer<CancelWorkstreamConsumer>().Endpoint(e => ControlEndpointSettings(e, options));
        x.AddConsumer<RunEndedConsumer>().Endpoint(e => ControlEndpointSettings(e, options));
        return x;
    }

    /// <summary>
    /// The worker's services and its lifecycle hosted service. Needs an <c>IBus</c> (AddMassTransit) in the same container;
    /// the lifecycle service publishes after every hosted service has started and drains before any stops.
    /// </summary>
    public static IServiceCollection AddWorkerServices(this IServiceCollection services, WorkerOptions options)
    {
        options.Validate();
        if (services.Any(s => s.ServiceType == typeof(WorkerOptions)))
        {
            return services;
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWorkerEvents, BusWorkerEvents>();
        services.AddSingleton<WorkspacePool>();
        services.AddSingleton<AttemptRegistry>();
        services.AddSingleton<WorkerSlots>();
        services.AddSingleton<WorkerStatusReporter>();
        services.AddSingleton<WorkstreamExecutor>();
        services.AddSingleton<WorkerRuntime>();
        services.AddHostedService<WorkerLifecycleService>();
        services.AddHostedService<WorkerAnnouncer>();
        return services;
    }

    private static void ControlEndpointSettings(IEndpointRegistrationConfigurator e, WorkerOptions options)
    {
        e.Name = ControlEndpoint;
        e.InstanceId = "-" + options.WorkerId;
        e.Temporary = true;
    }
}
