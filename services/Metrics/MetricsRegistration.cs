using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Uet.Metrics.Store;
using Uet.Persistence;

namespace Uet.Metrics;

public static class MetricsRegistration
{
    /// <summary>The one queue every stored event type is bound to.</summary>
    public const string EndpointName = "metrics";

    /// <summary>
    /// One <see cref="EventRecorder{T}"/> per stored contract type (<see cref="EventCatalog.Stored"/>), all on endpoint
    /// "metrics". Also call <see cref="AddMetricsPersistence"/> on the services (the store they write to).
    /// </summary>
    public static IBusRegistrationConfigurator AddMetrics(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddLogging();
        bus.TryAddSingleton(TimeProvider.System);
        foreach (var type in EventCatalog.Stored)
        {
            bus.AddConsumer(
                typeof(EventRecorder<>).MakeGenericType(type.ClrType),
                typeof(EventRecorderDefinition<>).MakeGenericType(type.ClrType));
        }
        bus.AddConsumer<StateChangesRecorder, StateChangesRecorderDefinition>();
        return bus;
    }

    /// <summary>The event store (SQLite file or PostgreSQL schema "metrics") and its read side, <see cref="EventQueries"/>.</summary>
    public static IServiceCollection AddMetricsPersistence(this IServiceCollection services, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(new MetricsDbContextFactory(options));
        services.TryAddSingleton<IDbContextFactory<MetricsDbContext>>(sp => sp.GetRequiredService<MetricsDbContextFactory>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventStore>();
        services.TryAddSingleton<EventQueries>();
        return services;
    }
}
