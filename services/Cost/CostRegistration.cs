using MassTransit;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

using Uet.Cost.Consumers;
using Uet.Cost.Ledger;
using Uet.Cost.Persistence;
using Uet.Cost.Pricing;
using Uet.Cost.Queries;
using Uet.Domain.Costs;
using Uet.Persistence;

namespace Uet.Cost;

/// <summary>The Cost service's entry points: any host (its own process, the embedded host, a test harness) adds it.</summary>
public static class CostRegistration
{
    /// <summary>
    /// The cost consumer on endpoint "cost" (UsageReported, PlanAccepted, ResumeRun), the price table and the ledger.
    /// Also call <see cref="AddCostPersistence"/> on the services (the database it writes).
    /// </summary>
    public static IBusRegistrationConfigurator AddCost(this IBusRegistrationConfigurator bus, Action<CostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = new CostOptions();
        configure?.Invoke(options);
        bus.AddLogging();
        bus.TryAddSingleton(options);
        // A host may already provide a clock (tests use a fake one); only fall back to the system clock.
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton(sp => PriceTableLoader.Build(sp.GetRequiredService<CostOptions>(), sp.GetService<IConfiguration>()));
        bus.TryAddSingleton(sp => new CostEstimator(sp.GetRequiredService<PriceTable>()));
        bus.TryAddSingleton<CostLedger>();
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PriceTableCheck>());
        bus.AddConsumer<CostConsumer, CostConsumerDefinition>();
        return bus;
    }

    /// <summary>The Cost database (a SQLite file, or PostgreSQL schema "cost") and the read side for reports.</summary>
    public static IServiceCollection AddCostPersistence(this IServiceCollection services, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(new CostDbContextFactory(options));
        services.TryAddSingleton<IDbContextFactory<CostDbContext>>(sp => sp.GetRequiredService<CostDbContextFactory>());
        services.TryAddSingleton<CostQueries>();
        return services;
    }
}
