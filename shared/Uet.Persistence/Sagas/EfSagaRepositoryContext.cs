using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Uet.Persistence.Sagas;

/// <summary>One message's view of the saga table, inside the transaction the factory opened for it.</summary>
internal sealed class EfSagaRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly DbContext _db;
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<DbContext, TSaga> _factory;

    public EfSagaRepositoryContext(DbContext db, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<DbContext, TSaga> factory)
        : base(consumeContext, db)
    {
        _db = db;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        if (!await SagaStore.TryInsertAsync(_db, instance, CancellationToken))
        {
            // The row exists already: MassTransit then loads it (locked) and the message applies to that row.
            return null!;
        }
        return await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await SagaStore.LoadForUpdateAsync<TSaga>(_db, correlationId, CancellationToken);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => SagaStore.AddAsync(_db, context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => SagaStore.SaveIfChangedAsync(_db, context.Saga, CancellationToken);

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Remove(context.Saga);
        await _db.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = _db.ChangeTracker.Entries<TSaga>().FirstOrDefault(e => e.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null)
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
        }
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_db, context, instance, mode);
}
