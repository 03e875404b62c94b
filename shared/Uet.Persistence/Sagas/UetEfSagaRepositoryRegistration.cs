using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.RegisterLoadSagaRepository<TSaga, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        services.RegisterQuerySagaRepository<TSaga, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
        services.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, UetEfSagaRepositoryContextFactory<TSaga, TDbContext>>();
    }
}
