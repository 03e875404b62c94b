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
    RecentlyHandledMessages<TSaga> handled,
    OutboxTracker outbox,
    SagaGroupKeys<TSaga> groupKeys,
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
        // Microsoft.Data.Sqlite completes its "async" calls synchronously: without a yield, the whole transaction would
        // run on the transport's dispatch loop, which then hands this endpoint one message at a time (nothing to group).
        await Task.Yield();

        // A retry goes alone: if its first try failed a whole batch, it must not keep failing its neighbours.
        if (groupKeys.GroupCommit && groupKeys.TryGet(context.Message, out var key) && context.GetRetryAttempt() == 0)
        {
            await groupKeys.Groups.RunAsync(key, new GroupedSend<T>(context, next), batch => SendBatchAsync(key, batch));
            return;
        }
        await SendAloneAsync(context, next);
    }

    private async Task SendAloneAsync<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var ct = context.CancellationToken;
        await using var db = await dbContextFactory.CreateDbContextAsync(ct);
        EfSagaRepositoryContext<TSaga, T>? repositoryContext = null;
        try
        {
            await using var transaction = await SagaStore.BeginAsync(db, ct);
            var (first, held) = await FirstDeliveryAsync(db, context, ct);
            if (!first)
            {
                return;
            }

            repositoryContext = ContextFor(db, context, held: held);
            await next.Send(repositoryContext);
            await transaction.CommitAsync(ct);
            if (context.MessageId is { } id)
            {
                handled.Add(id);
            }
        }
        catch
        {
            if (repositoryContext?.SagaId is { } id)
            {
                cache.Forget(id);
            }
            throw;
        }
        CheckIn(repositoryContext.Instance, repositoryContext.Deleted, repositoryContext.SagaId);
    }

    /// <summary>
    /// Applies every message of the batch to one instance, in order, in one transaction, and saves it once. If any
    /// message fails, nothing is committed: that message fails with its error, the others with
    /// <see cref="SagaBatchAbortedException"/>, and each is retried on its own.
    /// </summary>
    private async Task SendBatchAsync(Guid key, IReadOnlyList<GroupedMessage> batch)
    {
        var shared = new SagaBatch<TSaga>();
        var current = -1;
        IReadOnlyList<SagaStatement>? guards = null;
        try
        {
            await using var db = await dbContextFactory.CreateDbContextAsync();
            await using var transaction = await SagaStore.BeginAsync(db, CancellationToken.None);
            guards = OptimisticGuards(db, key, batch, shared);
            var firstDeliveries = guards is null ? await FirstDeliveriesAsync(db, key, batch, shared) : Enumerable.Repeat(true, batch.Count).ToArray();
            for (current = 0; current < batch.Count; current++)
            {
                if (firstDeliveries[current])
                {
                    await ((IGroupedSend)batch[current]).SendAsync(this, db, shared);
                }
            }
            current = -1;
            if (shared.Instance is { } instance && !shared.Deleted)
            {
                await SagaStore.SaveIfChangedAsync(db, instance, guards ?? [], CancellationToken.None);
            }
            else if (guards is not null)
            {
                throw new DbUpdateConcurrencyException($"Saga {typeof(TSaga).Name} {key}: the batch did not end on the instance it started from; its messages are retried alone.");
            }
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            if (guards is not null)
            {
                cache.MarkContended(key);
            }
            cache.Forget(key);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Fail(i == current || current < 0 ? e : new SagaBatchAbortedException(key, e));
            }
            return;
        }
        CheckIn(shared.Instance, shared.Deleted, key);
        foreach (var message in batch)
        {
            if (((IGroupedSend)message).MessageId is { } id)
            {
                handled.Add(id);
            }
            message.Succeed();
        }
    }

    /// <summary>
    /// When this process holds the saga as last committed (and the database takes a batch of statements in one round
    /// trip): the batch applies its messages to that instance without locking the row first, and its write carries the
    /// checks instead, in the same round trip: the inbox insert must record every message (none handled before), and
    /// the row must still have the Version the instance was committed at. If either fails, the transaction rolls back
    /// and each message is retried alone, the locking way (<see cref="SagaInstanceCache{TSaga}.MarkContended"/>).
    /// One round trip fewer per transaction: the lock's. A batch holding a message this process committed recently (a
    /// redelivery racing its original, <see cref="RecentlyHandledMessages{TSaga}"/>) locks first. Null: lock first.
    /// </summary>
    private IReadOnlyList<SagaStatement>? OptimisticGuards(DbContext db, Guid key, IReadOnlyList<GroupedMessage> batch, SagaBatch<TSaga> shared)
    {
        if (!SagaInbox.IsMapped(db) || !db.Database.GetDbConnection().CanCreateBatch)
        {
            return null;
        }
        var ids = new List<Guid>(batch.Count);
        foreach (var message in batch)
        {
            if (((IGroupedSend)message).MessageId is not { } id || ids.Contains(id) || handled.Contains(id))
            {
                return null;
            }
            ids.Add(id);
        }
        if (cache.OptimisticVersion(key) is not { } version)
        {
            return null;
        }

        shared.Lock = new HeldSagaLock(key, version);
        using var maker = db.Database.GetDbConnection().CreateCommand();
        var (sql, parameters) = SagaInbox.InsertStatement(db, ids, typeof(TSaga).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), maker);
        return [new SagaStatement(sql, parameters, ids.Count, () => $"{typeof(TSaga).Name} {key}: the inbox")];
    }

    /// <summary>
    /// Records the message in the inbox, and when its saga is known from the message, locks that row in the same
    /// command (as a batch does). False: it was handled before.
    /// </summary>
    private async Task<(bool First, HeldSagaLock? Held)> FirstDeliveryAsync<T>(DbContext db, ConsumeContext<T> context, CancellationToken ct)
        where T : class
    {
        if (context.MessageId is not { } messageId || !SagaInbox.IsMapped(db))
        {
            return (true, null);
        }

        bool first;
        HeldSagaLock? held = null;
        if (groupKeys.TryGet(context.Message, out var key))
        {
            (var recorded, held) = await RecordAndLockAsync(db, [messageId], key, ct);
            first = recorded.Contains(messageId);
        }
        else
        {
            first = await SagaInbox.TryRecordAsync(db, messageId, typeof(TSaga).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        }

        if (!first)
        {
            // Handled before (a redelivery after a crash or a lost ack): its effects are committed, its messages in the outbox.
            LogContext.Debug?.Log("{Saga}: message {MessageId} ({Type}) was handled before; skipped", typeof(TSaga).Name, messageId, typeof(T).Name);
        }
        return (first, held);
    }

    /// <summary>
    /// Which messages of a batch were not handled before, recorded in the inbox with one statement for all; the same
    /// command locks the saga's row (one round trip for both, before any message of the batch is applied).
    /// </summary>
    private async Task<bool[]> FirstDeliveriesAsync(DbContext db, Guid key, IReadOnlyList<GroupedMessage> batch, SagaBatch<TSaga> shared)
    {
        var first = new bool[batch.Count];
        var ids = batch.Select(m => ((IGroupedSend)m).MessageId).ToList();
        if (!SagaInbox.IsMapped(db) || ids.All(id => id is null))
        {
            Array.Fill(first, true);
            return first;
        }

        (var recorded, shared.Lock) = await RecordAndLockAsync(db, ids.OfType<Guid>().ToList(), key, CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            // The same message twice in one batch (a redelivery racing its original) is handled once, the first time.
            first[i] = ids[i] is not { } id || recorded.Remove(id);
            if (!first[i])
            {
                LogContext.Debug?.Log("{Saga}: message {MessageId} was handled before; skipped", typeof(TSaga).Name, ids[i]);
            }
        }

        return first;
    }

    /// <summary>Records the messages in the inbox and locks the saga's row, in one command; returns the ids that were new.</summary>
    private async Task<(HashSet<Guid> Recorded, HeldSagaLock Held)> RecordAndLockAsync(DbContext db, IReadOnlyList<Guid> messageIds, Guid key, CancellationToken ct)
    {
        var (recorded, version) = await SagaInbox.RecordThenAsync(
            db, messageIds, typeof(TSaga).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), SagaStore.LockStatement<TSaga>(db, key), ct);
        return (recorded, new HeldSagaLock(key, SagaStore.VersionOf(version)));
    }

    private EfSagaRepositoryContext<TSaga, T> ContextFor<T>(DbContext db, ConsumeContext<T> context, SagaBatch<TSaga>? batch = null, HeldSagaLock? held = null)
        where T : class =>
        new(db, context, consumeContextFactory, cache, batch, held);

    private interface IGroupedSend
    {
        Guid? MessageId { get; }

        Task SendAsync(UetEfSagaRepositoryContextFactory<TSaga, TDbContext> factory, DbContext db, SagaBatch<TSaga> shared);
    }

    private sealed class GroupedSend<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) : GroupedMessage, IGroupedSend
        where T : class
    {
        public Guid? MessageId => context.MessageId;

        public Task SendAsync(UetEfSagaRepositoryContextFactory<TSaga, TDbContext> factory, DbContext db, SagaBatch<TSaga> shared) =>
            next.Send(factory.ContextFor(db, context, shared));
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

    private void CheckIn(TSaga? instance, bool deleted, Guid? sagaId)
    {
        if (instance is ISagaOutbox { PendingOutbox.Count: > 0 } written)
        {
            outbox.Written(written.PendingOutbox.Select(m => m.Id), time.GetUtcNow());
            written.PendingOutbox.Clear();
        }

        if (instance is not null && !deleted && instance is not ISagaFinished { Finished: true })
        {
            cache.CheckIn(instance);
        }
        else if ((instance?.CorrelationId ?? sagaId) is { } id)
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
