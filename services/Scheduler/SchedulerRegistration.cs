using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Uet.Persistence;
using Uet.Persistence.Sagas;
using Uet.Scheduler.Dispatch;
using Uet.Scheduler.Leases;
using Uet.Scheduler.Model;
using Uet.Scheduler.Persistence;
using Uet.Scheduler.Queries;
using Uet.Scheduler.Saga;
using Uet.Scheduler.Workers;

namespace Uet.Scheduler;

public static class SchedulerRegistration
{
    /// <summary>
    /// The run saga on endpoint "scheduler", persisted through our EF Core repository.
    /// Also call <see cref="AddSchedulerPersistence"/> on the services (the database it uses).
    /// </summary>
    public static IBusRegistrationConfigurator AddScheduler(this IBusRegistrationConfigurator bus, Action<SchedulerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = new SchedulerOptions();
        configure?.Invoke(options);
        bus.AddLogging();
        bus.TryAddSingleton(options);
        bus.TryAddSingleton<PlanCache>();
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(RunStateMachineDefinition.RunKeys(options.MaxBatch, options.GroupCommit));
        bus.AddSagaStateMachine<RunStateMachine, RunState, RunStateMachineDefinition>()
            .UetEfRepository<RunState, SchedulerDbContext>();
        bus.AddUetOutbox<SchedulerDbContext>();
        bus.AddConsumer<WorkerStatusConsumer, WorkerStatusConsumerDefinition>();
        bus.AddHostedService<LeaseWatchdog>();
        return bus;
    }

    /// <summary>The Scheduler's database (SQLite file or PostgreSQL schema "scheduler") and the read side for the CLI.</summary>
    public static IServiceCollection AddSchedulerPersistence(this IServiceCollection services, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(new SchedulerDbContextFactory(options));
        services.TryAddSingleton<IDbContextFactory<SchedulerDbContext>>(sp => sp.GetRequiredService<SchedulerDbContextFactory>());
        services.TryAddSingleton<RunQueries>();
        services.TryAddSingleton<WorkerQueries>();
        return services;
    }
}
