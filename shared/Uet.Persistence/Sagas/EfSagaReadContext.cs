using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Sagas;

/// <summary>Reads outside any message (ILoadSagaRepository / IQuerySagaRepository): no lock, no tracking.</summary>
internal sealed class EfSagaReadContext<TSaga>(DbContext db, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>, QuerySagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    public async Task<TSaga> Load(Guid correlationId)
    {
        var instance = await db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken);
        if (instance is ISagaChildRows children)
        {
            await children.LoadChildRowsAsync(db, CancellationToken);
        }
        return instance!;
    }

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken = default)
    {
        var ids = await db.Set<TSaga>().AsNoTracking()
            .Where(query.FilterExpression)
            .Select(x => x.CorrelationId)
            .ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
