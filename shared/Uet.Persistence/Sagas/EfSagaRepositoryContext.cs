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
    private readonly SagaInstanceCache<TSaga> _cache;
    private readonly SagaBatch<TSaga>? _batch;
    private readonly HeldSagaLock? _held;

    /// <param name="batch">When this message is one of a batch: the instance the batch shares, saved by the batch.</param>
    /// <param name="held">The row this message's transaction already locked, alone; a batch's is <see cref="SagaBatch{TSaga}.Lock"/>.</param>
    public EfSagaRepositoryContext(
        DbContext db,
        ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<DbContext, TSaga> factory,
        SagaInstanceCache<TSaga> cache,
        SagaBatch<TSaga>? batch = null,
        HeldSagaLock? held = null)
        : base(consumeContext, db)
    {
        _db = db;
        _consumeContext = consumeContext;
        _factory = factory;
        _cache = cache;
        _batch = batch;
        _held = held ?? batch?.Lock;
    }

    /// <summary>The instance this message loaded or created; it goes back to the cache once the transaction commits.</summary>
    public TSaga? Instance { get; private set; }

    /// <summary>The correlation id this message touched, so a failure can drop it from the cache.</summary>
    public Guid? SagaId { get; private set; }

    public bool Deleted { get; private set; }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance)
    {
        Use(instance);
        return _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Add);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        SagaId = instance.CorrelationId;
        if (!await SagaStore.TryInsertAsync(_db, instance, CancellationToken))
        {
            // The row exists already: MassTransit then loads it (locked) and the message applies to that row.
            return null!;
        }
        Use(instance);
        return await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        SagaId = correlationId;
        if (_batch is { Deleted: false, Instance: { } shared } && shared.CorrelationId == correlationId)
        {
            Use(shared);
            return await _factory.CreateSagaConsumeContext(_db, _consumeContext, shared, SagaConsumeContextMode.Load);
        }
        if (await LockAsync(correlationId) is not { } version)
        {
            return null!;
        }
        var instance = _cache.CheckOut(correlationId, version);
        if (instance is not null)
        {
            SagaStore.AttachUnchanged(_db, instance);
        }
        else
        {
            instance = await SagaStore.LoadLockedAsync<TSaga>(_db, correlationId, CancellationToken);
            if (instance is null)
            {
                return null!;
            }
        }
        Use(instance);
        return await _factory.CreateSagaConsumeContext(_db, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>The row is locked once per transaction: with the inbox insert, or here.</summary>
    private async Task<int?> LockAsync(Guid correlationId) =>
        _held is not null && _held.TryTake(correlationId, out var version)
            ? version
            : await SagaStore.LockAsync<TSaga>(_db, correlationId, CancellationToken);

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        if (_batch is null)
        {
            await SagaStore.AddAsync(_db, context.Saga, CancellationToken);
        }
        else if (!await SagaStore.TryInsertAsync(_db, context.Saga, CancellationToken))
        {
            throw new DbUpdateConcurrencyException($"Saga {typeof(TSaga).Name} {context.Saga.CorrelationId} was created concurrently.");
        }
    }

    /// <summary>Alone, writes the instance now; in a batch, the batch writes it once after its last message.</summary>
    public Task Update(SagaConsumeContext<TSaga> context) =>
        _batch is null ? SagaStore.SaveIfChangedAsync(_db, context.Saga, CancellationToken) : Task.CompletedTask;

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        Deleted = true;
        _batch?.Deleted = true;
        _db.Set<TSaga>().Remove(context.Saga);
        await _db.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        Deleted = true;
        _batch?.Deleted = true;
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        // The in-memory instance may hold changes that are not saved: it must not be reused.
        Deleted = true;
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

    private void Use(TSaga instance)
    {
        Instance = instance;
        SagaId = instance.CorrelationId;
        if (_batch is not null)
        {
            _batch.Instance = instance;
            _batch.Deleted = false;
        }
    }
}
