using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Uet.Persistence.Outbox;

namespace Uet.Persistence.Sagas;

public static class UetEfSagaRepositoryRegistration
{
    /// <summary>
    /// Persists this saga through our EF Core repository. The caller registers an
    /// <see cref="IDbContextFactory{TContext}"/> for <typeparamref name="TDbContext"/> (SQLite or PostgreSQL,
    /// see <see cref="UetDatabaseExtensions.UseUetDatabase"/>) whose model maps <typeparamref name="TSaga"/>
    /// with <see cref="SagaEntityConfiguration.ConfigureSagaEntity{TSaga}"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> UetEfRepository<TSaga, TDbContext>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISagaVersion
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.Repository(r => r.AddUetEfSagaRepository<TSaga, TDbContext>());
        return configurator;
    }

    /// <summary>The service registrations behind <see cref="UetEfRepository{TSaga,TDbContext}"/>, for other registration paths.</summary>
    public static void AddUetEfSagaRepository<TSaga, TDbContext>(this ISagaRepositoryRegistrationConfigurator<TSaga> services)
        where TSaga : class, ISagaVersion
        where TDbContext : DbContext
    {
        services.TryAddSingleton<SagaInstanceCache<TSaga>>(_ => new SagaInstanceCache<TSaga>());
        services.TryAddSingleton<RecentlyHandledMessages<TSaga>>();
        services.TryAddSingleton<OutboxTracker>();
        services.TryAddSingleton(TimeProvider.System);
        // No keys: every message in its own transaction. A saga that registers its keys gets group commit.
        services.TryAddSingleton<SagaGroupKeys<TSaga>>(_ => new SagaGroupKeys<TSaga>());
        services.RegisterLoadSagaRepository<TSaga, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        services.RegisterQuerySagaRepository<TSaga, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        services.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
    }

    /// <summary>
    /// The outbox of a saga whose DbContext maps <see cref="OutboxModel.AddUetOutbox"/> and whose instance is an
    /// <see cref="ISagaOutbox"/>: confirmed rows are deleted, rows a dead process left behind are republished.
    /// Also call <see cref="UetEfRepository{TSaga,TDbContext}"/>, which writes the rows and checks the inbox.
    /// </summary>
    public static IBusRegistrationConfigurator AddUetOutbox<TDbContext>(this IBusRegistrationConfigurator bus, OutboxOptions? options = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton<OutboxTracker>();
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton(options ?? new OutboxOptions());
        bus.AddPublishObserver<OutboxPublishObserver>();
        bus.AddHostedService<OutboxDeliveryService<TDbContext>>();
        return bus;
    }
}
