using MassTransit;
using MassTransit.Saga;

using Microsoft.EntityFrameworkCore;

using Uet.Persistence.Outbox;

namespace Uet.Persistence.Sagas;

/// <summary>
/// Our EF Core saga repository: every message gets a fresh DbContext from the caller's
/// <see cref="IDbContextFactory{TContext}"/> and one transaction; the saga row is locked, created with
/// insert-or-nothing, and written with a Version check. The transaction commits after the state machine ran;
/// MassTransit's in-memory outbox (configured on the endpoint) releases the messages the saga produced only after that.
/// </summary>
public sealed class UetEfSagaRepositoryContextFactory<TSaga, TDbContext>(
    IDbContextFactory<TDbContext> dbContextFactory,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory,
    SagaInstanceCache<TSaga> cache,
    OutboxTracker outbox,
    TimeProvider time)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
    where TDbContext : DbContext
{
    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "uet-efcore");
        context.Add("dbContext", typeof(TDbContext).Name);
    }

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var ct = context.CancellationToken;
        await using var db = await dbContextFactory.CreateDbContextAsync(ct);
        var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory, cache);
        try
        {
            await using var transaction = await SagaStore.BeginAsync(db, ct);
            if (context.MessageId is { } messageId && SagaInbox.IsMapped(db)
                && !await SagaInbox.TryRecordAsync(db, messageId, typeof(TSaga).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), ct))
            {
                // Handled before (a redelivery after a crash or a lost ack): its effects are committed, its messages in the outbox.
                LogContext.Debug?.Log("{Saga}: message {MessageId} ({Type}) was handled before; skipped", typeof(TSaga).Name, messageId, typeof(T).Name);
                return;
            }

            await next.Send(repositoryContext);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            if (repositoryContext.SagaId is { } id)
            {
                cache.Forget(id);
            }
            throw;
        }
        CheckIn(repositoryContext);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var ct = context.CancellationToken;
        await using var db = await dbContextFactory.CreateDbContextAsync(ct);
        var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory, cache);
        var instances = new List<TSaga>();
        try
        {
            await using var transaction = await SagaStore.BeginAsync(db, ct);
            var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(x => x.CorrelationId).ToListAsync(ct);
            foreach (var id in ids)
            {
                cache.Forget(id);
                // Row by row, so each is locked; one that vanished since the query is simply not there.
                if (await SagaStore.LoadForUpdateAsync<TSaga>(db, id, ct) is { } instance)
                {
                    instances.Add(instance);
                }
            }
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
            await transaction.CommitAsync(ct);
        }
        catch
        {
            foreach (var instance in instances)
            {
                cache.Forget(instance.CorrelationId);
            }
            throw;
        }
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        Read(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        Read(asyncMethod, cancellationToken);

    private void CheckIn<T>(EfSagaRepositoryContext<TSaga, T> repositoryContext)
        where T : class
    {
        if (repositoryContext.Instance is ISagaOutbox { PendingOutbox.Count: > 0 } written)
        {
            outbox.Written(written.PendingOutbox.Select(m => m.Id), time.GetUtcNow());
            written.PendingOutbox.Clear();
        }

        if (repositoryContext.Instance is { } instance && !repositoryContext.Deleted)
        {
            cache.CheckIn(instance);
        }
        else if (repositoryContext.SagaId is { } id)
        {
            cache.Forget(id);
        }
    }

    private async Task<T> Read<T>(Func<EfSagaReadContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
    {
        await using var db = await dbContextFactory.CreateDbContextAsync(cancellationToken);
        return await asyncMethod(new EfSagaReadContext<TSaga>(db, cancellationToken));
    }
}
